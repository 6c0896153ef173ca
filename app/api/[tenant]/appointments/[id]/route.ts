import { NextResponse } from 'next/server';
import { cancelAppointment } from '@/lib/booking/cancel-appointment';
import { rescheduleAppointment } from '@/lib/booking/reschedule-appointment';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { bookingApi } from '@/lib/api/booking';
import { cancelBodySchema, rescheduleBodySchema } from '@/lib/api/booking.input';
import type { ResponseOf } from '@/lib/api/endpoint';

export const dynamic = 'force-dynamic';

/** Moves the appointment to another slot (atomic in the EHR). */
export const PUT = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, rescheduleBodySchema);
  const result = await rescheduleAppointment(deps, actor, {
    appointmentId: params.id,
    newSlotId: input.slotId,
    newSlotVersion: input.slotVersion,
  });
  return NextResponse.json(result satisfies ResponseOf<typeof bookingApi.reschedule>);
});

/** Cancels the appointment (until the clinic's cutoff), with an optional reason. */
export const DELETE = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, cancelBodySchema);
  const result = await cancelAppointment(deps, actor, { appointmentId: params.id, reason: input.reason });
  return NextResponse.json(result satisfies ResponseOf<typeof bookingApi.cancel>);
});
