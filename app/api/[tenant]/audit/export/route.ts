import { auditExportQuerySchema } from '@/lib/api/audit.input';
import { auditRowsToCsv, listAuditEvents } from '@/lib/audit/list-audit';
import { recordAudit, requestOriginFrom } from '@/lib/audit/record-audit';
import { requireStaffSession } from '@/lib/auth/get-session';
import { db } from '@/lib/db/client';
import { defineRoute, parseSearchParams } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** CSV export of the clinic's audit log (administrators only); the export is itself audited. */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const staff = await requireStaffSession(params.tenant, ['admin']);
  const filter = parseSearchParams(request, auditExportQuerySchema);
  const rows = await listAuditEvents(db(), staff.tenantId, filter);
  await recordAudit(db(), {
    tenantId: staff.tenantId,
    actor: { type: 'staff', id: staff.accountId, role: staff.role },
    action: 'audit.export',
    outcome: 'success',
    origin: requestOriginFrom(request.headers),
    detail: { rows: rows.length },
  });
  return new Response(auditRowsToCsv(rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${params.tenant}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
