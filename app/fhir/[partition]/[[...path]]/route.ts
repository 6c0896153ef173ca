import { getConfig } from '@/lib/config';
import { handleFhirRequest } from '@/lib/fhir-server/http';
import { FhirError } from '@/lib/fhir-server/outcome';

export const dynamic = 'force-dynamic';

interface RouteContext {
  params: Promise<{ partition: string; path?: string[] }>;
}

/** The embedded FHIR R4 sandbox at /fhir/{partition}/... (see lib/fhir-server). */
async function handle(request: Request, context: RouteContext): Promise<Response> {
  const { partition, path = [] } = await context.params;
  const config = getConfig();
  if (!config.FHIR_SANDBOX_DATABASE_URL) {
    return Response.json(
      new FhirError(
        404,
        'not-supported',
        'The embedded FHIR sandbox is not enabled on this deployment (FHIR_SANDBOX_DATABASE_URL is unset).',
      ).toOutcome(),
      { status: 404, headers: { 'content-type': 'application/fhir+json' } },
    );
  }
  return handleFhirRequest(request, {
    partition,
    path,
    databaseUrl: config.FHIR_SANDBOX_DATABASE_URL,
    baseUrl: `${config.APP_BASE_URL}/fhir/${partition}`,
  });
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE };
