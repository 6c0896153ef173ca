/**
 * Request ids: kept when the client sent a sane one, generated otherwise. Shared by the proxy (which
 * stamps every request) and by code that runs outside a request (jobs, scripts).
 */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Letters, digits and `-_.:`, 8 to 128 characters: enough for UUIDs, ULIDs and trace ids, nothing that could
 * smuggle markup or newlines into logs.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function isSaneRequestId(value: string | null | undefined): value is string {
  return typeof value === 'string' && SANE_REQUEST_ID.test(value);
}

export function newRequestId(): string {
  return crypto.randomUUID();
}

export function requestIdFrom(headerValue: string | null | undefined): string {
  return isSaneRequestId(headerValue) ? headerValue : newRequestId();
}
