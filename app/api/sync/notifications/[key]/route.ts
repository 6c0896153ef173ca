import { defineRoute } from '@/lib/http/route';
import { appDeps } from '@/lib/server/context';
import { getSyncQueue } from '@/lib/sync/get-sync-queue';
import { receiveChangeNotification } from '@/lib/sync/receive-change-notification';
import { queueClinicSync } from '@/lib/sync/sync-jobs';

export const dynamic = 'force-dynamic';

/** A rest-hook notification from a clinic's EHR (FHIR R4 Subscription): queue that clinic's change detection. */
export const POST = defineRoute<{ key: string }>(async (request, { params }) => {
  await receiveChangeNotification(
    appDeps().database,
    { key: params.key, authorization: request.headers.get('authorization') },
    async (tenantId) => queueClinicSync(await getSyncQueue(), tenantId),
  );
  return new Response(null, { status: 204 });
});
