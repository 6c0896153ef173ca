import { defineRoute } from '@/lib/http/route';
import { getPublication } from '@/lib/publication/get-publication';
import { manifestResponse } from '@/lib/publication/publication-responses';
import { publicClinicContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** SMART Scheduling Links: the clinic's bulk publication manifest (public, when the clinic opts in). */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, deps } = await publicClinicContext(params.tenant);
  const publication = await getPublication(deps, tenant);
  const base = `${deps.appBaseUrl}/${tenant.slug}`;
  return manifestResponse(request, publication, {
    request: `${base}/$bulk-publish`,
    filesBase: `${base}/scheduling-links`,
  });
});
