/** The audit log export for administrators. */
import type { z as zc } from 'zod';
import * as z from 'zod/mini';
import type { auditExportQuerySchema } from './audit.input';
import { defineEndpoint, segment } from './endpoint';

export const auditApi = {
  /** `GET /api/{tenant}/audit/export`: the filtered audit log as CSV (the export is itself audited). */
  export: defineEndpoint<{ query: zc.input<typeof auditExportQuerySchema> }>()({
    method: 'GET',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/audit/export`,
    format: 'text',
    response: z.string(),
  }),
} as const;
