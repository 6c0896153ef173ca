import { NextResponse } from 'next/server';
import type { bridgeApi } from '@/lib/api/bridge';
import { csvMappingBodySchema } from '@/lib/api/bridge.input';
import type { ResponseOf } from '@/lib/api/endpoint';
import { updateCsvMapping } from '@/lib/bridge/admin/update-csv-mapping';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Administrators: which column of the legacy EHR's CSV export each field of one kind is read from. */
export const PUT = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await staffContext(params.tenant, request.headers, ['admin']);
  const body = await parseJsonBody(request, csvMappingBodySchema);
  const mapping = await updateCsvMapping(deps.database, actor, body);
  return NextResponse.json(mapping satisfies ResponseOf<typeof bridgeApi.updateCsvMapping>);
});
