/**
 * What a signed-in patient sees first: themselves, the dependents they may act for, and the upcoming
 * appointments of all of them, or of the one person they chose to act for (`forPatientId`), which
 * must be themselves or a dependent with an active link in the EHR, re-read on every call: anyone
 * else is "not found" (audited as denied). Reads go through the clinic's SchedulingProvider and are
 * audited.
 */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import { appointmentsAwaitingLegacyEhr } from '@/lib/bridge-state/awaiting-legacy-ehr';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import { serviceDisplayName } from '@/lib/booking/service-name';
import type { Locale } from '@/lib/i18n/locales';
import type { Appointment, Dependent, Location, PatientSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';

export interface AppointmentView {
  appointment: Appointment;
  patientName: string;
  location: Location | null;
  practitionerName: string | null;
  /** The visit type in the patient's language. */
  serviceName: string | null;
  /** The person's position among those the patient may act for (self 0), as the booking pages take it. */
  forIndex: number;
  /** Booked through the clinic's online schedule; its legacy EHR has not acknowledged it yet. */
  awaitingClinicSystem: boolean;
}

export interface PatientOverview {
  patient: PatientSummary;
  dependents: Dependent[];
  /** The person chosen with `forPatientId`, or null for everyone. */
  actingFor: PatientSummary | null;
  /** From now on, earliest first, not cancelled. */
  upcoming: AppointmentView[];
  /** History, newest first: the last 180 days whatever their status, and cancelled upcoming ones. */
  past: AppointmentView[];
}

export async function getPatientOverview(
  deps: { database: Database; provider: SchedulingProvider },
  input: {
    tenant: Tenant;
    accountId: string;
    patientId: string;
    forPatientId?: string | undefined;
    origin: RequestOrigin;
    locale?: Locale;
    now?: Date;
  },
): Promise<PatientOverview> {
  const { provider } = deps;
  const patient = await provider.getPatient(input.patientId);
  const dependents = await provider.listDependents(patient);
  const allowed = [patient, ...dependents.map((dependent) => dependent.patient)];
  const actingFor =
    input.forPatientId === undefined ? null : (allowed.find((person) => person.id === input.forPatientId) ?? null);
  if (input.forPatientId !== undefined && !actingFor) {
    await recordAudit(deps.database, {
      tenantId: input.tenant.id,
      actor: { type: 'patient', id: input.accountId },
      action: 'patient.read',
      outcome: 'denied',
      patientId: input.forPatientId.slice(0, 64),
      origin: input.origin,
      detail: { view: 'overview', reason: 'not_linked' },
    });
    throw new AppError('not_found', 'people.notActingFor');
  }
  const people = actingFor ? [actingFor] : allowed;
  const now = input.now ?? new Date();
  const [appointments, locations, practitioners, services] = await Promise.all([
    provider.listAppointments({
      patientIds: people.map((person) => person.id),
      from: new Date(now.getTime() - 180 * 86_400_000).toISOString(),
      to: new Date(now.getTime() + 180 * 86_400_000).toISOString(),
    }),
    provider.listLocations(),
    provider.listPractitioners(),
    provider.listServices(),
  ]);
  for (const person of people) {
    await recordAudit(deps.database, {
      tenantId: input.tenant.id,
      actor: { type: 'patient', id: input.accountId },
      action: 'patient.read',
      outcome: 'success',
      patientId: person.id,
      origin: input.origin,
      detail: { view: 'overview', self: person.id === patient.id },
    });
  }
  const awaiting = await appointmentsAwaitingLegacyEhr(
    deps.database,
    input.tenant.id,
    appointments.filter((appointment) => appointment.status === 'booked').map((appointment) => appointment.id),
  );
  const names = new Map(people.map((person) => [person.id, person.name.given || person.name.display]));
  const places = new Map(locations.map((location) => [location.id, location]));
  const clinicians = new Map(practitioners.map((practitioner) => [practitioner.id, practitioner.displayName]));
  const views = appointments
    .filter((appointment) => appointment.status !== 'entered-in-error')
    .map((appointment) => ({
      appointment,
      patientName: (appointment.patientId ? names.get(appointment.patientId) : undefined) ?? '',
      location: appointment.locationId ? (places.get(appointment.locationId) ?? null) : null,
      practitionerName: appointment.practitionerId ? (clinicians.get(appointment.practitionerId) ?? null) : null,
      serviceName: serviceDisplayName(input.tenant, input.locale ?? 'en', appointment.serviceCode, services),
      forIndex: allowed.findIndex((person) => person.id === appointment.patientId),
      awaitingClinicSystem: appointment.status === 'booked' && awaiting.has(appointment.id),
    }));
  const nowIso = now.toISOString();
  return {
    patient,
    dependents,
    actingFor,
    upcoming: views.filter((view) => view.appointment.start >= nowIso && view.appointment.status !== 'cancelled'),
    past: views
      .filter((view) => view.appointment.start < nowIso || view.appointment.status === 'cancelled')
      .sort((a, b) => b.appointment.start.localeCompare(a.appointment.start)),
  };
}
