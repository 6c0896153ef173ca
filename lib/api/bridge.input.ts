/** Request schemas of the legacy-EHR bridge's administrator endpoints (full zod, parsed by the route handlers). */
import { z } from 'zod';
import { MAX_CSV_UPLOAD_BYTES } from '@/lib/bridge/admin/upload-csv';
import { CSV_KINDS } from '@/lib/bridge/bridge-settings';

/** A CSV export as text (the page reads the chosen file), and which kind of export it is. */
export const csvUploadBodySchema = z.object({
  kind: z.enum(CSV_KINDS),
  csv: z.string().min(1).max(MAX_CSV_UPLOAD_BYTES),
});

/** The JSON around the file's text may add a little (escaped quotes and line breaks). */
export const MAX_CSV_UPLOAD_BODY_BYTES = Math.ceil(MAX_CSV_UPLOAD_BYTES * 1.2) + 1024;

/** One kind's column mapping: bridge field -> the export's column header (blank: the field's own name). */
export const csvMappingBodySchema = z.object({
  kind: z.enum(CSV_KINDS),
  columns: z.record(z.string().min(1).max(64), z.string().max(120)),
});
