import { NextResponse } from 'next/server';
import { bookAppointment, nearestAlternatives } from '@/lib/booking/book-appointment';
import { describeSlots } from '@/lib/booking/find-slots';
import { patientContext } from '@/lib/booking/patient-actor';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { bookingApi } from '@/lib/api/booking';
import { bookBodySchema, idempotencyKeySchema } from '@/lib/api/booking.input';
import type { ResponseOf } from '@/lib/api/endpoint';

export const dynamic = 'force-dynamic';

/** Books a slot. Requires an Idempotency-Key header; a taken slot answers 409 with alternatives. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params, requestId }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const key = idempotencyKeySchema.safeParse(request.headers.get('idempotency-key') ?? '');
  if (!key.success)
    throw new AppError('invalid_input', key.error.issues[0]?.message ?? 'An Idempotency-Key header is required.');
  const input = await parseJsonBody(request, bookBodySchema);
  try {
    const result = await bookAppointment(deps, actor, {
      forPatientId: input.forPatient,
      slotId: input.slotId,
      slotVersion: input.slotVersion,
      reason: input.reason,
      idempotencyKey: key.data,
    });
    return NextResponse.json(result satisfies ResponseOf<typeof bookingApi.book>, { status: 201 });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'conflict' || error.message.startsWith('This request'))
      throw error;
    const slot = await deps.provider.getSlot(input.slotId).catch(() => null);
    const alternatives = slot
      ? await describeSlots(deps.provider, actor.tenant, await nearestAlternatives(deps, slot), actor.locale)
      : [];
    return NextResponse.json(
      { error: { code: 'conflict', message: 'Sorry, someone just took that time.', requestId }, alternatives },
      { status: 409 },
    );
  }
});
