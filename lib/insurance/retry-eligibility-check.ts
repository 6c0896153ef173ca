/**
 * Runs a planned retry of an unanswered check. A retry that another check has overtaken (the row's
 * attempts moved on, or no retry is planned any more) does nothing, so duplicates are harmless.
 */
import { localDate } from '@/lib/time/zoned';
import type { Tenant } from '@/lib/tenancy/tenant';
import { checkEligibility } from './check-eligibility';
import type { InsuranceDeps } from './insurance-deps';
import type { EligibilitySummary } from './eligibility-summary';

export async function retryEligibilityCheck(
  deps: InsuranceDeps,
  input: { tenant: Tenant; checkId: string; attempts: number },
): Promise<EligibilitySummary | null> {
  const row = await deps.database.eligibilityCheck.findFirst({
    where: { id: input.checkId, tenantId: input.tenant.id },
  });
  if (!row || row.attempts !== input.attempts || row.nextRetryAt === null || row.status !== 'unknown') return null;
  let serviceDate: string | undefined;
  if (row.appointmentId) {
    const appointment = await deps.provider.getAppointment(row.appointmentId).catch(() => null);
    if (appointment) serviceDate = localDate(new Date(appointment.start), input.tenant.timeZone);
  }
  return checkEligibility(deps, {
    tenant: input.tenant,
    patientId: row.patientId,
    coverageId: row.coverageId,
    appointmentId: row.appointmentId,
    serviceDate,
    actor: { type: 'system', id: 'eligibility-retry' },
    retryOf: { attempts: row.attempts },
  });
}
