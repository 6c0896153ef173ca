/**
 * The onboarding check of a clinic's EHR (`npm run tenant:check`, run by `tenant:add` too, and shown to
 * administrators): runs the provider's connection check, decides whether online booking is allowed,
 * stores the report on the clinic (every replica reads it with the clinic) and audits the run.
 */
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import { renderCheckItem } from '@/lib/i18n/ehr-check-text';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import { bookingAllowedBy, ehrCheckReportSchema, type EhrCheckReport } from '@/lib/tenancy/ehr-check';
import type { Tenant } from '@/lib/tenancy/tenant';

export interface CheckClinicEhrOptions {
  database: Database;
  tenant: Tenant;
  provider: SchedulingProvider;
  actor: AuditActor;
  requestId?: string | undefined;
  now?: () => Date;
}

export async function checkClinicEhr(options: CheckClinicEhrOptions): Promise<EhrCheckReport> {
  const items = await options.provider.checkConnection();
  const report = ehrCheckReportSchema.parse({
    checkedAt: (options.now?.() ?? new Date()).toISOString(),
    bookingAllowed: bookingAllowedBy(items),
    items,
  });
  await options.database.tenant.update({
    where: { id: options.tenant.id },
    data: { ehrCheck: report as unknown as Prisma.InputJsonValue },
  });
  await recordAudit(options.database, {
    tenantId: options.tenant.id,
    actor: options.actor,
    action: 'tenant.ehr_check',
    outcome: report.bookingAllowed ? 'success' : 'failure',
    origin: { requestId: options.requestId },
    detail: {
      bookingAllowed: report.bookingAllowed,
      failed: report.items
        .filter((item) => item.status === 'missing' || item.status === 'wrong')
        .map((item) => item.key)
        .join(','),
    },
  });
  return report;
}

/** The report as an integrator reads it on a terminal (in English, from the catalogue). */
export function formatEhrCheckReport(report: EhrCheckReport, clinic: string): string {
  const marks: Record<EhrCheckReport['items'][number]['status'], string> = {
    ok: 'ok     ',
    missing: 'MISSING',
    wrong: 'WRONG  ',
    skipped: 'skipped',
  };
  const lines = report.items
    .map((item) => renderCheckItem(item, 'en'))
    .map(
      (item) =>
        `  ${marks[item.status]}  ${item.title}${item.required ? '' : ' (optional)'}\n           ${item.detail}`,
    );
  const verdict = report.bookingAllowed
    ? `${clinic} can take bookings online.`
    : `${clinic} cannot take bookings online until the items marked MISSING or WRONG are fixed ` +
      '(patients see a "please call the clinic" message instead of booking).';
  return [`EHR check for ${clinic} (${report.checkedAt})`, ...lines, '', verdict].join('\n');
}
