/**
 * The nightly run for one clinic: checks the coverage of everyone with an appointment tomorrow (the
 * clinic's tomorrow, in its time zone, computed from `now` at run time). Cancelled and no-show
 * appointments are skipped; one patient's failure never stops the others.
 */
import { localDate } from '@/lib/time/zoned';
import { log } from '@/lib/logger';
import type { Tenant } from '@/lib/tenancy/tenant';
import { addDays, zonedTimeToInstant } from '@/lib/time/zoned';
import { checkEligibility } from './check-eligibility';
import type { InsuranceDeps } from './insurance-deps';

export interface NightlyRunSummary {
  date: string;
  appointments: number;
  active: number;
  inactive: number;
  unknown: number;
  /** Appointments whose patient has no coverage on file. */
  noCoverage: number;
}

const SKIPPED = new Set(['cancelled', 'noshow', 'entered-in-error', 'fulfilled']);

export async function checkNextDayEligibility(
  deps: InsuranceDeps,
  input: { tenant: Tenant },
): Promise<NightlyRunSummary> {
  const now = deps.now?.() ?? new Date();
  const date = addDays(localDate(now, input.tenant.timeZone), 1);
  const summary: NightlyRunSummary = { date, appointments: 0, active: 0, inactive: 0, unknown: 0, noCoverage: 0 };
  if (!deps.eligibility) return summary;
  const from = zonedTimeToInstant(date, 0, 0, input.tenant.timeZone).toISOString();
  const to = zonedTimeToInstant(addDays(date, 1), 0, 0, input.tenant.timeZone).toISOString();
  const locations = await deps.provider.listLocations();
  for (const location of locations) {
    const appointments = await deps.provider.listLocationAppointments({ locationId: location.id, from, to });
    for (const appointment of appointments) {
      if (SKIPPED.has(appointment.status) || !appointment.patientId) continue;
      summary.appointments += 1;
      try {
        const result = await checkEligibility(deps, {
          tenant: input.tenant,
          patientId: appointment.patientId,
          appointmentId: appointment.id,
          serviceDate: date,
          actor: { type: 'system', id: 'eligibility-nightly' },
        });
        if (!result) summary.noCoverage += 1;
        else summary[result.status] += 1;
      } catch (error) {
        summary.unknown += 1;
        log().error({ err: error }, 'nightly eligibility check failed for one appointment');
      }
    }
  }
  log().info({ tenant: input.tenant.slug, ...summary }, 'nightly eligibility run finished');
  return summary;
}
