import { NextResponse } from 'next/server';
import { z } from 'zod';
import { bookAppointment } from '@/lib/booking/book-appointment';
import { reasonSchema } from '@/lib/booking/booking-deps';
import { patientContext } from '@/lib/server/context';
import { AppError } from '@/lib/errors';
import { idempotencyKeySchema } from '@/lib/http/idempotency';
import { defineRoute, parseJsonBody } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({
  forPatient: z.string().min(1).max(64),
  slotId: z.string().min(1).max(64),
  slotVersion: z.string().min(1).max(64),
  reason: reasonSchema,
});

/** Books a slot. Requires an Idempotency-Key header; a taken slot answers 409 with alternatives. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const key = idempotencyKeySchema.safeParse(request.headers.get('idempotency-key') ?? '');
  if (!key.success) throw new AppError('invalid_input', 'request.idempotencyKeyInvalid');
  const input = await parseJsonBody(request, bodySchema);
  const result = await bookAppointment(deps, actor, {
    forPatientId: input.forPatient,
    slotId: input.slotId,
    slotVersion: input.slotVersion,
    reason: input.reason,
    idempotencyKey: key.data,
  });
  return NextResponse.json(result, { status: 201 });
});
