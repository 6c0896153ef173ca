/**
 * The app's reactions to a scheduling event from the EHR, each safe to repeat (notices and reminders
 * are keyed by the appointment's version): the account holder told in their language and channel when
 * the clinic cancels or moves a visit (with a link to book again and, for a cancellation, the times still
 * open for the same visit), reminders cancelled or re-planned,
 * the front-desk board updated live. Slot-opened and schedule-blocked events are kept for a waitlist.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { sendAppointmentNotice, type AppointmentEvent } from '@/lib/booking/appointment-notices';
import { nextOpenTimes } from '@/lib/booking/next-open-times';
import { DEFAULT_LOCALE, isLocale } from '@/lib/i18n/locales';
import { cancelReminders } from '@/lib/notify/reminders';
import { publishDeskEvent, type DeskStatus } from '@/lib/realtime/desk-events';
import { clinicCatalogue } from '@/lib/scheduling/clinic-catalogue';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Appointment } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { SchedulingEvent } from './scheduling-events';
import type { SyncDeps } from './sync-deps';

const NOTICE: Partial<Record<SchedulingEvent['type'], AppointmentEvent>> = {
  'appointment-cancelled': 'cancelled-by-clinic',
  'appointment-deleted': 'cancelled-by-clinic',
  'appointment-moved': 'moved-by-clinic',
  'appointment-booked': 'booked',
};

const DESK_STATUS: Partial<Record<SchedulingEvent['type'], DeskStatus>> = {
  'appointment-cancelled': 'cancelled',
  'appointment-deleted': 'cancelled',
  'appointment-moved': 'moved',
  'appointment-booked': 'booked',
  'appointment-noshow': 'noshow',
};

function deletedAppointment(event: Extract<SchedulingEvent, { type: 'appointment-deleted' }>): Appointment {
  return {
    id: event.appointmentId,
    version: event.version,
    status: 'cancelled',
    start: event.start,
    end: event.start,
    slotIds: [],
    patientId: event.patientId,
    practitionerId: null,
    locationId: event.locationId,
    serviceCode: null,
    reason: null,
    cancellationReason: null,
  };
}

async function tellAccountHolder(
  deps: SyncDeps,
  provider: SchedulingProvider,
  tenant: Tenant,
  event: Extract<SchedulingEvent, { patientId: string }>,
  notice: AppointmentEvent,
): Promise<void> {
  const account = await deps.database.patientAccount.findUnique({
    where: { tenantId_providerPatientId: { tenantId: tenant.id, providerPatientId: event.holderPatientId } },
  });
  if (!account) return;
  // One read when the patient holds the account (the guardian and the dependent otherwise).
  const patientRead = provider.getPatient(event.patientId);
  const [holder, patient, appointment, { locations }] = await Promise.all([
    event.holderPatientId === event.patientId ? patientRead : provider.getPatient(event.holderPatientId),
    patientRead,
    // A deleted appointment cannot be read any more: what the sync remembered of it is what is told.
    event.type === 'appointment-deleted' ? deletedAppointment(event) : provider.getAppointment(event.appointmentId),
    clinicCatalogue(provider, tenant.id),
  ]);
  // "Book again" after a cancellation books for the same person: the dependent's place among those the
  // holder may act for (self first), as the booking page numbers them.
  const subjectIndex =
    notice === 'cancelled-by-clinic' && holder.id !== patient.id
      ? 1 + (await provider.listDependents(holder)).findIndex((dependent) => dependent.patient.id === patient.id)
      : 0;
  // A visit the clinic cancelled comes with the times still open for the same visit.
  const openTimes =
    notice === 'cancelled-by-clinic'
      ? await nextOpenTimes(provider, tenant, appointment, deps.now?.() ?? new Date())
      : [];
  await recordAudit(deps.database, {
    tenantId: tenant.id,
    actor: { type: 'system', id: 'change-detection' },
    action: 'patient.read',
    outcome: 'success',
    patientId: event.patientId,
    detail: { appointmentId: event.appointmentId, event: event.type },
  });
  await sendAppointmentNotice(
    {
      notifier: deps.notifier,
      tenant,
      appBaseUrl: deps.appBaseUrl,
      locale: isLocale(account.preferredLocale) ? account.preferredLocale : DEFAULT_LOCALE,
      recipient: holder,
      preferredChannel:
        account.preferredChannel === 'email' ? 'email' : account.preferredChannel === 'sms' ? 'sms' : null,
      subject: patient,
      location: locations.find((location) => location.id === event.locationId) ?? null,
      subjectIndex: Math.max(0, subjectIndex),
      openTimes,
    },
    // The event's own version: what the notice is about (a later change gets its own notice).
    { ...appointment, start: event.start, version: event.version },
    notice,
    event.version,
  );
}

export async function reactToEvent(
  deps: SyncDeps,
  provider: SchedulingProvider,
  tenant: Tenant,
  event: SchedulingEvent,
): Promise<void> {
  if (event.type === 'slot-opened') {
    await deps.onSlotsFreed?.(tenant, [event.slotId]);
    return;
  }
  if (!('patientId' in event)) return;
  const notice = NOTICE[event.type];
  if (notice) await tellAccountHolder(deps, provider, tenant, event, notice);
  else await cancelReminders(deps.notifier, tenant.id, event.appointmentId);
  const status = DESK_STATUS[event.type];
  const locationId = event.locationId;
  if (status && locationId)
    await deps.database.$transaction((tx) =>
      publishDeskEvent(tx, {
        tenantId: tenant.id,
        locationId,
        appointmentId: event.appointmentId,
        status,
      }),
    );
}
