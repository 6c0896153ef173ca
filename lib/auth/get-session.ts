/**
 * The one way pages and route handlers learn who is signed in. Checks, on every request: the cookie's
 * signature and idle expiry (next-auth), the clinic it belongs to, the absolute lifetime, and that the
 * account's session version has not been bumped (log out everywhere, revocation); for staff, the
 * second factor where the account needs one.
 */
import { cookies, headers } from 'next/headers';
import { getConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { db } from '@/lib/db/client';
import type { StaffRole } from '@/lib/identity/staff/staff-user';
import { requestOriginFrom, type RequestOrigin } from '@/lib/audit/record-audit';
import { checkPatientSession, type SessionOptions, type SessionRequest } from './check-patient-session';
import { checkStaffSession, type StaffSessionRead } from './check-staff-session';
import type { PatientClaims, StaffClaims } from './session-claims';

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

/** The staff session for this clinic at whichever stage (password only, or complete), or null. */
export async function readStaffSession(tenantSlug: string): Promise<StaffSessionRead | null> {
  return checkStaffSession(db(), { request: (await sessionRequest()).request, options: sessionOptions(), tenantSlug });
}

/**
 * The complete staff session for this clinic (second factor passed where needed), or null (none,
 * another clinic's, expired, revoked, the passkey step still owed, or not one of `roles`).
 */
export async function getStaffSession(tenantSlug: string, roles?: readonly StaffRole[]): Promise<StaffClaims | null> {
  const session = await readStaffSession(tenantSlug);
  if (!session || session.stage !== 'signed-in') return null;
  if (roles && !roles.includes(session.claims.role)) return null;
  return session.claims;
}

/** For route handlers: the complete staff session with one of `roles`, or a 401/403 AppError. */
export async function requireStaffSession(tenantSlug: string, roles?: readonly StaffRole[]): Promise<StaffClaims> {
  const session = await readStaffSession(tenantSlug);
  if (!session) throw new AppError('unauthenticated', 'session.staffRequired');
  if (session.stage !== 'signed-in') throw new AppError('unauthenticated', 'session.secondFactorRequired');
  if (roles && !roles.includes(session.claims.role)) throw new AppError('forbidden', 'session.roleForbidden');
  return session.claims;
}

/** For the passkey step's route handlers: a staff session of this clinic at either stage, or a 401. */
export async function requireStaffSessionAnyStage(tenantSlug: string): Promise<StaffSessionRead> {
  const session = await readStaffSession(tenantSlug);
  if (!session) throw new AppError('unauthenticated', 'session.staffRequired');
  return session;
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
