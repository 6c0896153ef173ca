import { getAppointmentView } from '@/lib/booking/get-appointment-view';
import { patientContext } from '@/lib/server/context';
import { defineRoute } from '@/lib/http/route';
import { appointmentCalendarFile } from '@/lib/booking/appointment-calendar';

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
    locale: actor.locale,
  });
  const ics = appointmentCalendarFile({
    tenant: actor.tenant,
    appointment: view.appointment,
    serviceName: view.serviceName,
    patientName: view.patient.name.given || view.patient.name.display,
    location: view.location,
    clinician: view.practitionerName,
    reason: view.appointment.reason,
    url: `${deps.appBaseUrl}/${actor.tenant.slug}/appointments/${view.appointment.id}`,
    organizer: deps.notifier.calendarOrganizer(actor.tenant),
  });
  return new Response(ics, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="appointment.ics"',
      'cache-control': 'no-store',
    },
  });
});
