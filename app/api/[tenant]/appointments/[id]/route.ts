import { NextResponse } from 'next/server';
import { z } from 'zod';
import { reasonSchema } from '@/lib/booking/booking-deps';
import { cancelAppointment } from '@/lib/booking/cancel-appointment';
import { rescheduleAppointment } from '@/lib/booking/reschedule-appointment';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Moves the appointment to another slot (atomic in the EHR). */
export const PUT = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const input = await parseJsonBody(
    request,
    z.object({ slotId: z.string().min(1).max(64), slotVersion: z.string().min(1).max(64) }),
  );
  return NextResponse.json(
    await rescheduleAppointment(deps, actor, {
      appointmentId: params.id,
      newSlotId: input.slotId,
      newSlotVersion: input.slotVersion,
    }),
  );
});

/** Cancels the appointment (until the clinic's cutoff), with an optional reason. */
export const DELETE = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, z.object({ reason: reasonSchema }));
  return NextResponse.json(await cancelAppointment(deps, actor, { appointmentId: params.id, reason: input.reason }));
});
