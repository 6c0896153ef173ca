/** Request schema of the audit log export (full zod, parsed by the route handler). */
import { auditFilterSchema } from '@/lib/audit/list-audit';

/** The page's filters; the export takes up to 5000 rows unless told fewer. */
export const auditExportQuerySchema = auditFilterSchema.extend({ limit: auditFilterSchema.shape.limit.default(5000) });
