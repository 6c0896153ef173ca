/**
 * The legacy-EHR bridge's administrator endpoints: retry a quarantined record, upload a CSV export,
 * change the CSV column mapping.
 */
import type { z as zc } from 'zod';
import * as z from 'zod/mini';
import type { csvMappingBodySchema, csvUploadBodySchema } from './bridge.input';
import { defineEndpoint, segment } from './endpoint';

export const retryResultSchema = z.union([
  z.object({ status: z.literal('applied'), recordId: z.string() }),
  z.object({
    status: z.literal('quarantined'),
    recordId: z.string(),
    reason: z.string(),
    field: z.nullable(z.string()),
  }),
]);

export const csvImportSummarySchema = z.object({
  rows: z.number(),
  applied: z.number(),
  duplicates: z.number(),
  quarantined: z.number(),
});

export const csvMappingSchema = z.object({
  kind: z.string(),
  columns: z.array(z.object({ field: z.string(), column: z.string(), required: z.boolean() })),
});

export const bridgeApi = {
  /** `POST /api/{tenant}/bridge/records/{id}/retry` (administrators): applies a quarantined record again. */
  retryRecord: defineEndpoint()({
    method: 'POST',
    path: ({ tenant, id }: { tenant: string; id: string }) =>
      `/api/${segment(tenant)}/bridge/records/${segment(id)}/retry`,
    response: retryResultSchema,
  }),
  /** `POST /api/{tenant}/bridge/csv` (administrators): imports an uploaded CSV export. */
  uploadCsv: defineEndpoint<{ body: zc.input<typeof csvUploadBodySchema> }>()({
    method: 'POST',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/bridge/csv`,
    response: csvImportSummarySchema,
  }),
  /** `PUT /api/{tenant}/bridge/csv-mapping` (administrators): which column each field of one kind is read from. */
  updateCsvMapping: defineEndpoint<{ body: zc.input<typeof csvMappingBodySchema> }>()({
    method: 'PUT',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/bridge/csv-mapping`,
    response: csvMappingSchema,
  }),
} as const;
