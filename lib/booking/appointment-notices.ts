/** Telling the account holder about a booking, a change or a cancellation, and reminding them. */
import type { Locale } from '@/lib/i18n/locales';
import { noticeContact } from '@/lib/notify/notice-contact';
import type { Notifier } from '@/lib/notify/notifier';
import { cancelReminders, scheduleReminders } from '@/lib/notify/reminders';
import { openTimesPhrase, type TemplateName } from '@/lib/notify/templates';
import { clinicCatalogue } from '@/lib/scheduling/clinic-catalogue';
import type { Appointment, Location, PatientSummary } from '@/lib/scheduling/types';
import { rememberAppointment } from '@/lib/sync-state/remember-appointment';
import type { Tenant } from '@/lib/tenancy/tenant';
import { formatLocalDate, formatLocalDateTime, formatLocalTime } from '@/lib/time/format';
import { appointmentCalendarFile } from './appointment-calendar';
import type { BookingDeps, PatientActor } from './booking-deps';
import { bookAgainPath, serviceDisplayName } from './service-name';

export interface NoticeContext {
  notifier: Notifier;
  tenant: Tenant;
  appBaseUrl: string;
  locale: Locale;
  /** Who receives messages: the signed-in patient (the guardian when acting for a dependent). */
  recipient: PatientSummary;
  /** Where the recipient asked for messages to go first (their profile); a phone otherwise. */
  preferredChannel?: 'sms' | 'email' | null | undefined;
  subject: PatientSummary;
  location: Location | null;
  /** The visit type in the recipient's language, and the clinician, for the calendar file. */
  serviceName?: string | null | undefined;
  clinician?: string | null | undefined;
  /** The subject's position among those the recipient may act for, for "Book again" after a cancellation. */
  subjectIndex?: number | undefined;
  /** After the clinic cancels: times still open for the same visit (nextOpenTimes), offered in the notice. */
  openTimes?: readonly string[] | undefined;
}

function variables(context: NoticeContext, appointment: Appointment, event: AppointmentEvent): Record<string, string> {
  const address = context.location?.address
    ? [context.location.address.lines.join(', '), context.location.address.city].filter(Boolean).join(', ')
    : '';
  const date = formatLocalDate(appointment.start, context.tenant.timeZone, context.locale);
  const time = formatLocalTime(appointment.start, context.tenant.timeZone, context.locale);
  const openTimes = event === 'cancelled-by-clinic' ? (context.openTimes ?? []) : [];
  return {
    patient: context.subject.name.given || context.subject.name.display,
    openTimes: openTimesPhrase(
      context.locale,
      openTimes.map((start) => formatLocalDateTime(start, context.tenant.timeZone, context.locale)),
    ),
    when: `${date}, ${time}`,
    location: context.location?.name ?? context.tenant.displayName,
    address: address || context.tenant.displayName,
    // After a cancellation the link books again (same person, same visit type), not the cancelled visit.
    link:
      event === 'cancelled' || event === 'cancelled-by-clinic'
        ? `${context.appBaseUrl}${bookAgainPath(context.tenant.slug, {
            forIndex: context.subjectIndex ?? 0,
            serviceCode: appointment.serviceCode,
          })}`
        : `${context.appBaseUrl}/${context.tenant.slug}/appointments/${appointment.id}`,
  };
}

/** What happened to an appointment: the patient's own doing, or the clinic's (change detection, lib/sync). */
export type AppointmentEvent = 'booked' | 'rescheduled' | 'cancelled' | 'cancelled-by-clinic' | 'moved-by-clinic';

const TEMPLATE_OF: Record<AppointmentEvent, TemplateName> = {
  booked: 'booking-confirmation',
  rescheduled: 'reschedule-confirmation',
  cancelled: 'cancellation-by-patient',
  'cancelled-by-clinic': 'cancellation-by-clinic',
  'moved-by-clinic': 'moved-by-clinic',
};

/** Queues the notice for an appointment event (and re-plans reminders). Idempotent per event. */
export async function sendAppointmentNotice(
  context: NoticeContext,
  appointment: Appointment,
  event: AppointmentEvent,
  eventKey: string,
): Promise<void> {
  const contact = noticeContact(context.recipient, context.preferredChannel);
  const template = TEMPLATE_OF[event];
  await cancelReminders(context.notifier, context.tenant.id, appointment.id);
  if (!contact) return;
  const values = variables(context, appointment, event);
  await context.notifier.enqueue({
    tenant: context.tenant,
    channel: contact.channel,
    to: contact.to,
    template,
    locale: context.locale,
    variables: values,
    priority: 'transactional',
    idempotencyKey: `${template}:${appointment.id}:${eventKey}`,
    appointmentId: appointment.id,
    calendar: appointmentCalendarFile({
      tenant: context.tenant,
      appointment:
        event === 'cancelled' || event === 'cancelled-by-clinic'
          ? { ...appointment, status: 'cancelled' }
          : appointment,
      serviceName: context.serviceName ?? null,
      patientName: values.patient ?? null,
      location: context.location,
      clinician: context.clinician ?? null,
      url: `${context.appBaseUrl}/${context.tenant.slug}/appointments/${appointment.id}`,
      organizer: context.notifier.calendarOrganizer(context.tenant),
    }),
  });
  if (event !== 'cancelled' && event !== 'cancelled-by-clinic') {
    await scheduleReminders(context.notifier, {
      tenant: context.tenant,
      appointmentId: appointment.id,
      start: appointment.start,
      channel: contact.channel,
      to: contact.to,
      locale: context.locale,
      variables: values,
    });
  }
}

/**
 * After a patient's own booking, change or cancellation: the account holder (the guardian, for a
 * dependent) is told in their language and channel, with the appointment's location; idempotent per
 * version of the appointment.
 */
export async function notifyAccountHolder(
  deps: Pick<BookingDeps, 'database' | 'provider' | 'notifier' | 'appBaseUrl'>,
  actor: PatientActor,
  people: { account: PatientSummary; subject: PatientSummary; allowed?: PatientSummary[] },
  appointment: Appointment,
  event: 'booked' | 'rescheduled' | 'cancelled',
): Promise<void> {
  // The app's own change: change detection must not report it again (lib/sync).
  await rememberAppointment(deps.database, actor.tenant.id, appointment, people.account.id);
  const { locations, practitioners, services } = await clinicCatalogue(deps.provider, actor.tenant.id);
  const location = locations.find((candidate) => candidate.id === appointment.locationId) ?? null;
  await sendAppointmentNotice(
    {
      notifier: deps.notifier,
      tenant: actor.tenant,
      appBaseUrl: deps.appBaseUrl,
      locale: actor.locale,
      recipient: people.account,
      preferredChannel: actor.preferredChannel,
      subject: people.subject,
      location,
      serviceName: serviceDisplayName(actor.tenant, actor.locale, appointment.serviceCode, services),
      clinician: practitioners.find((candidate) => candidate.id === appointment.practitionerId)?.displayName ?? null,
      subjectIndex: Math.max(0, people.allowed?.findIndex((person) => person.id === people.subject.id) ?? 0),
    },
    appointment,
    event,
    appointment.version,
  );
}
