/**
 * The sandbox's size limits, declared in its CapabilityStatement and enforced before any work is
 * done, so that an oversized request is refused at once with an OperationOutcome instead of running
 * for seconds and failing with a 500 (real servers have such limits too: HAPI's bundle size,
 * Azure's 500 entries per bundle, every proxy's body limit).
 */
import { readLimitedBody } from '@/lib/net/read-limited-body';
import { FhirError } from './outcome';

/** Largest request body accepted, in bytes (413 above it). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Most entries in one transaction or batch Bundle (413 above it): room for seeding a small clinic. */
export const MAX_BUNDLE_ENTRIES = 2000;
/** Most read entries (GET, HEAD: each a search of up to a page) in one Bundle (413 above it). */
export const MAX_BUNDLE_READS = 100;
/** Longest searchable value (a name, an identifier, a code), in UTF-8 bytes (400 above it). */
export const MAX_INDEXED_VALUE_BYTES = 2048;

export function limitsDescription(): string {
  return (
    `Limits: request bodies up to ${MAX_BODY_BYTES} bytes (else 413), at most ${MAX_BUNDLE_ENTRIES} entries ` +
    `per Bundle, of which at most ${MAX_BUNDLE_READS} reads (GET, HEAD) (else 413), searchable values ` +
    `(names, identifiers, codes) up to ${MAX_INDEXED_VALUE_BYTES} bytes (else 400).`
  );
}

const tooLarge = (message: string): FhirError => new FhirError(413, 'too-costly', message);

/** A request body as text, refused with 413 over the limit without buffering more than the limit. */
export function readLimitedText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  return readLimitedBody(request, limit, () =>
    tooLarge(`The body is larger than ${limit} bytes; send less per request.`),
  );
}

/** Refuses a Bundle with more entries (or reads) than the sandbox runs in one request. */
export function assertBundleSize(methods: readonly string[]): void {
  if (methods.length > MAX_BUNDLE_ENTRIES)
    throw tooLarge(
      `The Bundle has ${methods.length} entries; this server takes at most ${MAX_BUNDLE_ENTRIES} per Bundle. ` +
        'Split it into several Bundles.',
    );
  const reads = methods.filter((method) => method === 'GET' || method === 'HEAD').length;
  if (reads > MAX_BUNDLE_READS)
    throw tooLarge(
      `The Bundle has ${reads} reads (GET or HEAD); this server takes at most ${MAX_BUNDLE_READS} per Bundle. ` +
        'Split them into several Bundles.',
    );
}
