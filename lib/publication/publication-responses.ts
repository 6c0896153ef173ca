/**
 * The HTTP side of the publication: the manifest and the NDJSON files with their validators
 * (ETag / If-None-Match → 304), the polling hint (Cache-Control), and `_since` on the manifest.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { PUBLICATION_TTL_MS, type CurrentPublication } from './get-publication';
import { PUBLISHED_FILES, PUBLISHED_TYPES, publicationManifest, type PublishedType } from './scheduling-links';

const CACHE_CONTROL = `public, max-age=${PUBLICATION_TTL_MS / 1000}`;

/** `_since`: a FHIR instant (seconds and a zone offset required). */
const sinceSchema = z.iso.datetime({ offset: true });

function matches(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  return header === '*' || header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

function notModified(etag: string): Response {
  return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': CACHE_CONTROL } });
}

export function manifestResponse(
  request: Request,
  publication: CurrentPublication,
  urls: { request: string; filesBase: string },
): Response {
  const sinceParam = new URL(request.url).searchParams.get('_since');
  let unchangedSince = false;
  if (sinceParam !== null) {
    if (!sinceSchema.safeParse(sinceParam).success)
      throw new AppError('invalid_input', 'request.invalidSearch', {
        details: { _since: 'must be an instant such as 2026-12-01T08:00:00Z' },
      });
    unchangedSince = Date.parse(sinceParam) >= Date.parse(publication.changedAt);
  }
  // The data set as published now dates from when its content last changed.
  const body = JSON.stringify(
    publicationManifest({ ...publication, generatedAt: publication.changedAt }, urls, { unchangedSince }),
  );
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  if (matches(request, etag)) return notModified(etag);
  return new Response(body, {
    headers: { 'Content-Type': 'application/json; charset=utf-8', ETag: etag, 'Cache-Control': CACHE_CONTROL },
  });
}

/** The type whose file has this name, or a 404. */
export function publishedTypeOf(fileName: string): PublishedType {
  const type = PUBLISHED_TYPES.find((candidate) => PUBLISHED_FILES[candidate] === fileName);
  if (!type) throw new AppError('not_found', 'request.notFound');
  return type;
}

/** The buffer's bytes as a body, without copying them. */
function bytesOf(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength);
}

function acceptsGzip(request: Request): boolean {
  return (request.headers.get('accept-encoding') ?? '')
    .split(',')
    .some((coding) => /^(gzip|\*)(;|$)/.test(coding.trim()) && !/;\s*q=0(\.0*)?$/.test(coding.trim()));
}

export function fileResponse(request: Request, publication: CurrentPublication, type: PublishedType): Response {
  if (matches(request, publication.etag)) return notModified(publication.etag);
  const headers = {
    'Content-Type': 'application/fhir+ndjson; charset=utf-8',
    ETag: publication.etag,
    'Cache-Control': CACHE_CONTROL,
    Vary: 'Accept-Encoding',
  };
  if (publication.gzipped && acceptsGzip(request))
    return new Response(bytesOf(publication.gzipped[type]), {
      headers: { ...headers, 'Content-Encoding': 'gzip' },
    });
  return new Response(publication.files[type], { headers });
}
