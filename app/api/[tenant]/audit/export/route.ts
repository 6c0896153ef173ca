import { auditExportQuerySchema } from '@/lib/api/audit.input';
import { exportAuditLog } from '@/lib/audit/export-audit-log';
import { defineRoute, parseSearchParams } from '@/lib/http/route';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** CSV export of the clinic's audit log (administrators only); the export is itself audited. */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor, origin, deps } = await staffContext(params.tenant, request.headers, ['admin']);
  const filter = parseSearchParams(request, auditExportQuerySchema);
  const csv = await exportAuditLog(deps, {
    tenantId: tenant.id,
    staff: { id: actor.staffId, role: actor.role },
    filter,
    origin,
  });
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${params.tenant}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
