import { getAppointmentView } from '@/lib/booking/get-appointment-view';
import { patientContext } from '@/lib/server/context';
import { defineRoute } from '@/lib/http/route';
import { appointmentIcs } from '@/lib/notify/ics';

export const dynamic = 'force-dynamic';

/** "Add to calendar": the appointment as an iCalendar file. */
export const GET = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const view = await getAppointmentView(deps, {
    tenant: actor.tenant,
    accountId: actor.accountId,
    patientId: actor.patientId,
    appointmentId: params.id,
    origin: actor.origin,
  });
  const ics = appointmentIcs({
    uid: `${view.appointment.id}@${actor.tenant.slug}`,
    start: view.appointment.start,
    end: view.appointment.end,
    summary: `${actor.tenant.displayName}: ${view.serviceName ?? ''}`,
    location: view.location?.name ?? actor.tenant.displayName,
    description: `${deps.appBaseUrl}/${actor.tenant.slug}/appointments/${view.appointment.id}`,
  });
  return new Response(ics, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="appointment.ics"',
      'cache-control': 'no-store',
    },
  });
});
