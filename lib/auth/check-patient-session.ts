/**
 * The checks behind every patient session: a readable, unexpired cookie signed with our secret, a
 * patient session of this clinic, within its absolute lifetime, and not revoked (session version).
 * A cookie that fails any of them is worth nothing, and the refusal is audited (tampered or expired
 * cookie, another clinic's session, a revoked one) without saying which check failed to the browser.
 */
import { getToken } from 'next-auth/jwt';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { decodeSessionToken } from './session-token';
import { sessionClaimsSchema, type PatientClaims, type SessionClaims } from './session-claims';

export interface SessionRequest {
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

export interface SessionOptions {
  secret: string;
  absoluteHours: number;
  now?: Date;
}

export type ClaimsRead = { claims: SessionClaims } | { claims: null; reason: 'none' | 'unreadable' | 'expired' };

const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

/** Decodes the session cookie (signature and idle expiry by next-auth) and checks the absolute lifetime. */
export async function readSessionClaims(request: SessionRequest, options: SessionOptions): Promise<ClaimsRead> {
  const present = Object.keys(request.cookies).some((name) => SESSION_COOKIE.test(name));
  if (!present) return { claims: null, reason: 'none' };
  const token = await getToken({ req: request as never, secret: options.secret, decode: decodeSessionToken });
  const claims = sessionClaimsSchema.safeParse(token?.claims);
  if (!claims.success) return { claims: null, reason: 'unreadable' };
  if ((options.now ?? new Date()).getTime() / 1000 - claims.data.authTime > options.absoluteHours * 3600)
    return { claims: null, reason: 'expired' };
  return { claims: claims.data };
}

/** The patient session for the clinic at `tenantSlug`, or null; refusals of a presented cookie are audited. */
export async function checkPatientSession(
  database: Database,
  input: { request: SessionRequest; options: SessionOptions; tenantSlug: string; origin: RequestOrigin },
): Promise<PatientClaims | null> {
  const read = await readSessionClaims(input.request, input.options);
  const reject = async (reason: string, claims?: PatientClaims): Promise<null> => {
    const tenant = await getTenantBySlug(database, input.tenantSlug);
    if (tenant)
      await recordAudit(database, {
        tenantId: tenant.id,
        actor: claims ? { type: 'patient', id: claims.accountId } : { type: 'anonymous' },
        action: 'session.rejected',
        outcome: 'denied',
        origin: input.origin,
        detail: { reason, kind: 'patient' },
      });
    return null;
  };
  if (!read.claims) return read.reason === 'none' ? null : reject(read.reason);
  const { claims } = read;
  if (claims.kind !== 'patient') return null;
  if (claims.tenantSlug !== input.tenantSlug) return reject('other_clinic');
  const account = await database.patientAccount.findUnique({
    where: { id: claims.accountId },
    select: { sessionVersion: true, tenantId: true },
  });
  if (!account || account.tenantId !== claims.tenantId) return reject('unknown_account');
  if (account.sessionVersion !== claims.sessionVersion) return reject('revoked', claims);
  return claims;
}
