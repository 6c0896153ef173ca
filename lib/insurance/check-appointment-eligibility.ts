/**
 * The front desk checks a patient's insurance for one appointment, on demand (e.g. from the board).
 * Staff limited to some locations see only their locations' appointments; anything else is "not
 * found". The result is recorded against the appointment; failures come back as `unknown`.
 */
import type { AuditActor, RequestOrigin } from '@/lib/audit/record-audit';
import { localDate } from '@/lib/time/zoned';
import { AppError } from '@/lib/errors';
import type { Tenant } from '@/lib/tenancy/tenant';
import { checkEligibility } from './check-eligibility';
import type { InsuranceDeps } from './insurance-deps';
import type { EligibilitySummary } from './eligibility-summary';

export async function checkAppointmentEligibility(
  deps: InsuranceDeps,
  input: {
    tenant: Tenant;
    appointmentId: string;
    staff: { id: string; role: string; locationIds: string[] };
    origin?: RequestOrigin | undefined;
  },
): Promise<EligibilitySummary | null> {
  if (!deps.eligibility) throw new AppError('invalid_input', 'insurance.eligibilityNotOffered');
  const appointment = await deps.provider.getAppointment(input.appointmentId);
  const visible =
    input.staff.locationIds.length === 0 ||
    (appointment.locationId !== null && input.staff.locationIds.includes(appointment.locationId));
  if (!visible || !appointment.patientId) throw new AppError('not_found', 'insurance.appointmentNotFound');
  const actor: AuditActor = { type: 'staff', id: input.staff.id, role: input.staff.role };
  return checkEligibility(deps, {
    tenant: input.tenant,
    patientId: appointment.patientId,
    appointmentId: appointment.id,
    serviceDate: localDate(new Date(appointment.start), input.tenant.timeZone),
    actor,
    origin: input.origin,
  });
}
