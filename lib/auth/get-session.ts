/**
 * The one way pages and route handlers learn who is signed in. Checks, on every request: the cookie's
 * signature and idle expiry (next-auth), the clinic it belongs to, the absolute lifetime, and that the
 * account's session version has not been bumped (log out everywhere, revocation).
 */
import { cookies, headers } from 'next/headers';
import { getConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { db } from '@/lib/db/client';
import { getStaffSessionState } from '@/lib/identity/staff/authenticate-staff';
import type { StaffRole } from '@/lib/identity/staff/staff-user';
import { requestOriginFrom, type RequestOrigin } from '@/lib/audit/record-audit';
import {
  checkPatientSession,
  readSessionClaims,
  type SessionOptions,
  type SessionRequest,
} from './check-patient-session';
import type { PatientClaims, SessionClaims, StaffClaims } from './session-claims';

async function sessionRequest(): Promise<{ request: SessionRequest; origin: RequestOrigin }> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return {
    request: {
      headers: Object.fromEntries(headerList.entries()),
      cookies: Object.fromEntries(cookieStore.getAll().map((cookie) => [cookie.name, cookie.value])),
    },
    origin: requestOriginFrom(headerList),
  };
}

function sessionOptions(): SessionOptions {
  const config = getConfig();
  return { secret: config.NEXTAUTH_SECRET, absoluteHours: config.SESSION_ABSOLUTE_HOURS };
}

async function readClaims(): Promise<SessionClaims | null> {
  return (await readSessionClaims((await sessionRequest()).request, sessionOptions())).claims;
}

/** The staff session for this clinic, or null (none, another clinic's, expired, or revoked). */
export async function getStaffSession(tenantSlug: string, roles?: readonly StaffRole[]): Promise<StaffClaims | null> {
  const claims = await readClaims();
  if (!claims || claims.kind !== 'staff' || claims.tenantSlug !== tenantSlug) return null;
  if (roles && !roles.includes(claims.role)) return null;
  const state = await getStaffSessionState(db(), claims.accountId);
  if (!state || !state.active || state.sessionVersion !== claims.sessionVersion) return null;
  return claims;
}

/** For route handlers: the staff session with one of `roles`, or a 401/403 AppError. */
export async function requireStaffSession(tenantSlug: string, roles?: readonly StaffRole[]): Promise<StaffClaims> {
  const claims = await getStaffSession(tenantSlug);
  if (!claims) throw new AppError('unauthenticated', 'session.staffRequired');
  if (roles && !roles.includes(claims.role)) throw new AppError('forbidden', 'session.roleForbidden');
  return claims;
}

/** The patient session for this clinic, or null (none, another clinic's, expired, tampered or revoked). */
export async function getPatientSession(tenantSlug: string): Promise<PatientClaims | null> {
  const { request, origin } = await sessionRequest();
  return checkPatientSession(db(), { request, options: sessionOptions(), tenantSlug, origin });
}

/** For route handlers: the patient session, or a 401 AppError. */
export async function requirePatientSession(tenantSlug: string): Promise<PatientClaims> {
  const claims = await getPatientSession(tenantSlug);
  if (!claims) throw new AppError('unauthenticated', 'session.patientRequired');
  return claims;
}
