/**
 * A clinic's SMART Scheduling Links publication, generated on demand and kept for a minute in this
 * process (aggregators poll every few minutes; one generation serves them all). It remembers when the
 * content last changed, so that `_since` and `If-None-Match` can answer "nothing new" cheaply.
 */
import { AppError } from '@/lib/errors';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { buildPublication, type Publication } from './scheduling-links';

export const PUBLICATION_TTL_MS = 60_000;

export interface CurrentPublication extends Publication {
  /** When the content was first seen as it is now (it differed from the generation before). */
  changedAt: string;
}

interface Entry {
  readAt: number;
  fingerprint: string;
  current: Promise<CurrentPublication>;
}

const cached = new Map<string, Entry>();

export async function getPublication(
  deps: { provider: SchedulingProvider; appBaseUrl: string },
  tenant: Tenant,
  now: Date = new Date(),
): Promise<CurrentPublication> {
  if (!tenant.publicationSettings.enabled)
    throw new AppError('not_found', 'clinic.notPublished', { params: { clinic: tenant.displayName } });
  // Settings or booking rules changed: the publication is made again at once.
  const fingerprint = JSON.stringify([
    tenant.publicationSettings,
    tenant.bookingRules,
    tenant.ehrCheck?.bookingAllowed,
  ]);
  const entry = cached.get(tenant.id);
  if (entry && entry.fingerprint === fingerprint && now.getTime() - entry.readAt < PUBLICATION_TTL_MS)
    return entry.current;
  const before = entry?.current.catch(() => null) ?? Promise.resolve(null);
  const current = (async (): Promise<CurrentPublication> => {
    const [publication, previous] = await Promise.all([
      buildPublication(deps.provider, tenant, deps.appBaseUrl, now),
      before,
    ]);
    const unchanged = previous !== null && previous.etag === publication.etag;
    return { ...publication, changedAt: unchanged ? previous.changedAt : publication.generatedAt };
  })();
  cached.set(tenant.id, { readAt: now.getTime(), fingerprint, current });
  current.catch(() => {
    // A failed generation is not kept: the next poll tries again.
    if (cached.get(tenant.id)?.current === current) cached.delete(tenant.id);
  });
  return current;
}
