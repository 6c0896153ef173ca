import { NextResponse } from 'next/server';
import type { bridgeApi } from '@/lib/api/bridge';
import { csvUploadBodySchema, MAX_CSV_UPLOAD_BODY_BYTES } from '@/lib/api/bridge.input';
import type { ResponseOf } from '@/lib/api/endpoint';
import { uploadCsv } from '@/lib/bridge/admin/upload-csv';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Administrators: imports a CSV export of the legacy EHR through the clinic's column mapping. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await staffContext(params.tenant, request.headers, ['admin']);
  const body = await parseJsonBody(request, csvUploadBodySchema, MAX_CSV_UPLOAD_BODY_BYTES);
  const summary = await uploadCsv(deps.database, actor, body);
  return NextResponse.json(summary satisfies ResponseOf<typeof bridgeApi.uploadCsv>);
});
