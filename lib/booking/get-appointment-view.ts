/** One appointment as its patient (or their guardian) sees it; anyone else gets "not found". Audited. */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import { appointmentsAwaitingLegacyEhr } from '@/lib/bridge-state/awaiting-legacy-ehr';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Appointment, Location, PatientSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { Locale } from '@/lib/i18n/locales';
import { resolveActingFor } from './acting-for';
import { serviceDisplayName } from './service-name';
import { checkChangeable } from './rules';

export interface AppointmentDetails {
  appointment: Appointment;
  patient: PatientSummary;
  forIndex: number;
  location: Location | null;
  practitionerName: string | null;
  serviceName: string | null;
  changeable: boolean;
  /** Booked through the clinic's online schedule; its legacy EHR has not acknowledged it yet. */
  awaitingClinicSystem: boolean;
}

export async function getAppointmentView(
  deps: { database: Database; provider: SchedulingProvider },
  input: {
    tenant: Tenant;
    accountId: string;
    patientId: string;
    appointmentId: string;
    origin: RequestOrigin;
    /** The reader's language, for the visit type's name. */
    locale?: Locale;
    now?: Date;
  },
): Promise<AppointmentDetails> {
  const acting = await resolveActingFor(deps.provider, input.patientId);
  const appointment = await deps.provider.getAppointment(input.appointmentId).catch(() => null);
  const forIndex = appointment ? acting.allowed.findIndex((person) => person.id === appointment.patientId) : -1;
  const patient = acting.allowed[forIndex];
  if (!appointment || !patient) throw new AppError('not_found', 'booking.appointmentNotFound');
  await recordAudit(deps.database, {
    tenantId: input.tenant.id,
    actor: { type: 'patient', id: input.accountId },
    action: 'appointment.read',
    outcome: 'success',
    patientId: patient.id,
    origin: input.origin,
    detail: { appointmentId: appointment.id },
  });
  const [locations, practitioners, services, awaiting] = await Promise.all([
    deps.provider.listLocations(),
    deps.provider.listPractitioners(),
    deps.provider.listServices(),
    appointmentsAwaitingLegacyEhr(deps.database, input.tenant.id, [appointment.id]),
  ]);
  return {
    appointment,
    patient,
    forIndex,
    location: locations.find((location) => location.id === appointment.locationId) ?? null,
    practitionerName:
      practitioners.find((practitioner) => practitioner.id === appointment.practitionerId)?.displayName ?? null,
    serviceName: serviceDisplayName(input.tenant, input.locale ?? 'en', appointment.serviceCode, services),
    changeable:
      appointment.status === 'booked' &&
      checkChangeable(new Date(appointment.start), input.now ?? new Date(), input.tenant.bookingRules) === null,
    awaitingClinicSystem: appointment.status === 'booked' && awaiting.has(appointment.id),
  };
}
