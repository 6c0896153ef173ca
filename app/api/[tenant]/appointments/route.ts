import { NextResponse } from 'next/server';
import { bookAppointment } from '@/lib/booking/book-appointment';
import { patientContext } from '@/lib/server/context';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { bookingApi } from '@/lib/api/booking';
import { bookBodySchema, idempotencyKeySchema } from '@/lib/api/booking.input';
import type { ResponseOf } from '@/lib/api/endpoint';

export const dynamic = 'force-dynamic';

/** Books a slot. Requires an Idempotency-Key header; a taken slot answers 409 with alternatives. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const key = idempotencyKeySchema.safeParse(request.headers.get('idempotency-key') ?? '');
  if (!key.success) throw new AppError('invalid_input', 'request.idempotencyKeyInvalid');
  const input = await parseJsonBody(request, bookBodySchema);
  const result = await bookAppointment(deps, actor, {
    forPatientId: input.forPatient,
    slotId: input.slotId,
    slotVersion: input.slotVersion,
    reason: input.reason,
    idempotencyKey: key.data,
    holdId: input.holdId,
  });
  return NextResponse.json(result satisfies ResponseOf<typeof bookingApi.book>, { status: 201 });
});
