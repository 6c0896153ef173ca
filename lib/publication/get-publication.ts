/**
 * A clinic's SMART Scheduling Links publication, generated on demand and kept for a minute in this
 * process (aggregators poll every few minutes; one generation serves them all). Past the minute the
 * next poll starts a new generation and gets it if it is ready within a few seconds, else the previous
 * publication (a large clinic takes longer to read than a poll should wait); a generation that fails
 * keeps the previous one in service. It remembers when the content last changed, so that `_since` and
 * `If-None-Match` can answer "nothing new" cheaply.
 */
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { buildPublication, PUBLISHED_TYPES, type Publication, type PublishedType } from './scheduling-links';

export const PUBLICATION_TTL_MS = 60_000;
/** How long a poll past the minute waits for the new generation before it is given the previous one. */
const FRESH_WAIT_MS = 3000;

export interface CurrentPublication extends Publication {
  /** When the content was first seen as it is now (it differed from the generation before). */
  changedAt: string;
  /**
   * Each file gzip-compressed once per generation (NDJSON of a large clinic is tens of megabytes), when
   * compressed files are served (`publicationGzipEnabled`); null otherwise.
   */
  gzipped: Record<PublishedType, Buffer> | null;
}

interface Entry {
  fingerprint: string;
  /** The latest generation that succeeded, and when it was started. */
  current: CurrentPublication | null;
  startedAt: number;
  generating: Promise<CurrentPublication> | null;
}

const entries = new Map<string, Entry>();
const gzipAsync = promisify(gzip);

/**
 * Whether the files are served gzip-compressed (PUBLICATION_GZIP=1). Off by default: under the Next
 * server the compressed body reached the browser tests' client undecoded, not yet understood.
 */
export function publicationGzipEnabled(): boolean {
  return process.env.PUBLICATION_GZIP === '1';
}

async function compressFiles(files: Record<PublishedType, string>): Promise<Record<PublishedType, Buffer>> {
  const compressed = await Promise.all(PUBLISHED_TYPES.map((type) => gzipAsync(files[type])));
  return Object.fromEntries(PUBLISHED_TYPES.map((type, index) => [type, compressed[index]])) as Record<
    PublishedType,
    Buffer
  >;
}

function generate(
  deps: { provider: SchedulingProvider; appBaseUrl: string },
  tenant: Tenant,
  entry: Entry,
  now: Date,
): Promise<CurrentPublication> {
  if (entry.generating) return entry.generating;
  entry.startedAt = now.getTime();
  const generating = buildPublication(deps.provider, tenant, deps.appBaseUrl, now).then(
    async (publication) => {
      const previous = entry.current;
      const unchanged = previous !== null && previous.etag === publication.etag;
      const gzipped = publicationGzipEnabled() ? await compressFiles(publication.files) : null;
      entry.current = { ...publication, gzipped, changedAt: unchanged ? previous.changedAt : publication.generatedAt };
      return entry.current;
    },
    (error: unknown) => {
      // The previous publication (if any) stays in service for another minute; then a poll tries again.
      log().warn({ tenant: tenant.slug, err: error }, 'scheduling links publication failed');
      throw error;
    },
  );
  entry.generating = generating;
  generating
    .finally(() => {
      if (entry.generating === generating) entry.generating = null;
    })
    .catch(() => undefined);
  return generating;
}

export async function getPublication(
  deps: { provider: SchedulingProvider; appBaseUrl: string },
  tenant: Tenant,
  now: Date = new Date(),
): Promise<CurrentPublication> {
  if (!tenant.publicationSettings.enabled)
    throw new AppError('not_found', 'clinic.notPublished', { params: { clinic: tenant.displayName } });
  // Settings or booking rules changed: what was published before no longer holds.
  const fingerprint = JSON.stringify([
    tenant.publicationSettings,
    tenant.bookingRules,
    tenant.ehrCheck?.bookingAllowed,
  ]);
  let entry = entries.get(tenant.id);
  if (!entry || entry.fingerprint !== fingerprint) {
    entry = { fingerprint, current: null, startedAt: 0, generating: null };
    entries.set(tenant.id, entry);
  }
  const { current } = entry;
  if (!current) return generate(deps, tenant, entry, now);
  if (now.getTime() - entry.startedAt < PUBLICATION_TTL_MS) return current;
  const fresh = generate(deps, tenant, entry, now).catch(() => current);
  let timer: NodeJS.Timeout | undefined;
  const previous = new Promise<CurrentPublication>((resolve) => {
    timer = setTimeout(() => resolve(current), FRESH_WAIT_MS);
  });
  try {
    return await Promise.race([fresh, previous]);
  } finally {
    clearTimeout(timer);
  }
}
