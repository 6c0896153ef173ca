import { defineRoute } from '@/lib/http/route';
import { getPublication } from '@/lib/publication/get-publication';
import { fileResponse, publishedTypeOf } from '@/lib/publication/publication-responses';
import { publicClinicContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** SMART Scheduling Links: one NDJSON file of the clinic's publication (Location, PractitionerRole, Schedule, Slot). */
export const GET = defineRoute<{ tenant: string; file: string }>(async (request, { params }) => {
  const type = publishedTypeOf(params.file);
  const { tenant, deps } = await publicClinicContext(params.tenant);
  return fileResponse(request, await getPublication(deps, tenant), type);
});
