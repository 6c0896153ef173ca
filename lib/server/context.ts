/**
 * The composition root (server only): the one place where a request's dependencies are assembled.
 * Every route handler and page starts here: the clinic (by its slug), who is signed in, the request's
 * language and origin (for the audit log), and the use-cases' dependencies built from the process's
 * parts (the app database, the clinic's SchedulingProvider and EligibilityProvider, the Notifier and
 * the job queue). Use-cases never build their own dependencies; tests build them with real parts
 * pointed at local servers.
 *
 * Route handlers use `clinicContext` / `patientContext` / `staffContext` (a missing clinic is a 404
 * AppError, a missing or insufficient session a 401/403). Pages use `loadTenant` /
 * `patientPageContext` / `staffPageContext` (the friendly 404 page, and null when nobody is signed in
 * so the page can redirect to its sign-in).
 */
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { requestOriginFrom, type RequestOrigin } from '@/lib/audit/record-audit';
import {
  getPatientSession,
  getStaffSession,
  requirePatientSession,
  requireStaffSession,
  requireStaffSessionAnyStage,
} from '@/lib/auth/get-session';
import type { StaffSessionRead } from '@/lib/auth/check-staff-session';
import type { PasskeyDeps } from '@/lib/auth/passkeys/passkey-owner';
import type { PatientClaims, StaffClaims } from '@/lib/auth/session-claims';
import type { BookingDeps, PatientActor } from '@/lib/booking/booking-deps';
import type { StaffActor } from '@/lib/checkin/check-in-deps';
import { getConfig } from '@/lib/config';
import { db, type Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import type { PatientIdentityDeps } from '@/lib/identity/patient/identity-deps';
import { contactChannelOf } from '@/lib/identity/patient/patient-account';
import type { StaffRole } from '@/lib/identity/staff/staff-user';
import { insuranceDepsFor } from '@/lib/insurance/eligibility-queue';
import type { InsuranceDeps } from '@/lib/insurance/insurance-deps';
import { getNotifier } from '@/lib/notify/get-notifier';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { waitlistHook } from '@/lib/waitlist/get-waitlist-queue';
import type { Tenant } from '@/lib/tenancy/tenant';
import { getLocale } from './locale';

/** What read-only pages need: the app database, the clinic's EHR, the app's public address. */
export interface ReadDeps {
  database: Database;
  provider: SchedulingProvider;
  appBaseUrl: string;
}

/**
 * Everything any use-case at a clinic may need, built one way: it satisfies every area's dependency
 * type (BookingDeps, CheckInDeps, PatientIdentityDeps, InsuranceDeps, the QR code's `qrLoginDays`).
 */
export type ServerDeps = BookingDeps & // CheckInDeps is BookingDeps
  PatientIdentityDeps &
  InsuranceDeps & {
    qrLoginDays: number;
  };

/** A request at a clinic: the clinic, where the request came from, its language, the dependencies. */
export interface ClinicContext {
  tenant: Tenant;
  origin: RequestOrigin;
  locale: Locale;
  deps: ServerDeps;
}
export interface PatientContext extends ClinicContext {
  actor: PatientActor;
}
export interface StaffContext extends ClinicContext {
  actor: StaffActor;
}
export interface PatientPageContext {
  tenant: Tenant;
  session: PatientClaims;
  actor: PatientActor;
  deps: ReadDeps;
}
export interface StaffPageContext {
  tenant: Tenant;
  session: StaffClaims;
  actor: StaffActor;
  deps: ReadDeps;
}

type RequestHeaders = Pick<Headers, 'get'>;

/** For requests bound to no clinic (the landing page, health, carrier webhooks, the development outbox). */
export function appDeps(): { database: Database } {
  return { database: db() };
}

/** The read dependencies at a clinic (nothing is started). */
export function readDeps(tenant: Tenant): ReadDeps {
  return { database: db(), provider: getSchedulingProvider(tenant), appBaseUrl: getConfig().APP_BASE_URL };
}

/** Every use-case dependency at a clinic; starts the process's notifier (and job queue) on first use. */
export async function serverDeps(tenant: Tenant): Promise<ServerDeps> {
  const config = getConfig();
  return {
    ...insuranceDepsFor(tenant),
    ...readDeps(tenant),
    notifier: await getNotifier(),
    onSlotsFreed: await waitlistHook(),
    secret: config.NEXTAUTH_SECRET,
    qrLoginDays: config.QR_LOGIN_DAYS,
  };
}

/** The clinic of a route handler's request, or a 404 AppError. */
async function requireTenant(tenantSlug: string): Promise<Tenant> {
  const tenant = await getTenantBySlug(db(), tenantSlug);
  if (!tenant) throw new AppError('not_found', 'clinic.notFound');
  return tenant;
}

/** A public route handler's clinic and its read dependencies, with nothing started (no notifier, no queue). */
export async function publicClinicContext(tenantSlug: string): Promise<{ tenant: Tenant; deps: ReadDeps }> {
  const tenant = await requireTenant(tenantSlug);
  return { tenant, deps: readDeps(tenant) };
}

async function patientActor(tenant: Tenant, session: PatientClaims, origin: RequestOrigin): Promise<PatientActor> {
  const account = await db().patientAccount.findUnique({
    where: { id: session.accountId },
    select: { preferredChannel: true },
  });
  return {
    tenant,
    accountId: session.accountId,
    patientId: session.patientId,
    locale: await getLocale(),
    origin,
    preferredChannel: contactChannelOf(account?.preferredChannel),
  };
}

async function staffActor(tenant: Tenant, session: StaffClaims, origin: RequestOrigin): Promise<StaffActor> {
  return {
    tenant,
    staffId: session.accountId,
    role: session.role,
    locationIds: session.locationIds,
    locale: await getLocale(),
    origin,
  };
}

/** A route handler's request at a clinic, signed in or not (sign-in, registration). */
export async function clinicContext(tenantSlug: string, requestHeaders: RequestHeaders): Promise<ClinicContext> {
  const tenant = await requireTenant(tenantSlug);
  return {
    tenant,
    origin: requestOriginFrom(requestHeaders),
    locale: await getLocale(),
    deps: await serverDeps(tenant),
  };
}

/** A route handler's request by a signed-in patient of the clinic (401 otherwise). */
export async function patientContext(tenantSlug: string, requestHeaders: RequestHeaders): Promise<PatientContext> {
  const tenant = await requireTenant(tenantSlug);
  const session = await requirePatientSession(tenant.slug);
  const origin = requestOriginFrom(requestHeaders);
  const actor = await patientActor(tenant, session, origin);
  return { tenant, origin, locale: actor.locale, actor, deps: await serverDeps(tenant) };
}

/** A route handler's request by signed-in clinic staff with one of `roles` (401/403 otherwise). */
export async function staffContext(
  tenantSlug: string,
  requestHeaders: RequestHeaders,
  roles: readonly StaffRole[] = ['front_desk', 'admin'],
): Promise<StaffContext> {
  const tenant = await requireTenant(tenantSlug);
  const session = await requireStaffSession(tenant.slug, roles);
  const origin = requestOriginFrom(requestHeaders);
  const actor = await staffActor(tenant, session, origin);
  return { tenant, origin, locale: actor.locale, actor, deps: await serverDeps(tenant) };
}

/**
 * A route handler of the passkey step after the password (and of adding a passkey): a staff session
 * of the clinic at either stage, and what passkey use-cases need; no session is a 401 AppError.
 */
export async function staffPasskeyContext(
  tenantSlug: string,
  requestHeaders: RequestHeaders,
): Promise<{ tenant: Tenant; origin: RequestOrigin; session: StaffSessionRead; deps: PasskeyDeps }> {
  const tenant = await requireTenant(tenantSlug);
  const session = await requireStaffSessionAnyStage(tenant.slug);
  return {
    tenant,
    origin: requestOriginFrom(requestHeaders),
    session,
    deps: { database: db(), appBaseUrl: getConfig().APP_BASE_URL },
  };
}

/** The clinic of a `/{tenant}/...` page, once per request; unknown slugs render the friendly 404. */
export const loadTenant = cache(async (slug: string): Promise<Tenant> => {
  const tenant = await getTenantBySlug(db(), slug);
  if (!tenant) notFound();
  return tenant;
});

/** A page's signed-in patient at the clinic, or null (the page sends them to sign in). */
export async function patientPageContext(tenantSlug: string): Promise<PatientPageContext | null> {
  const tenant = await loadTenant(tenantSlug);
  const session = await getPatientSession(tenant.slug);
  if (!session) return null;
  const actor = await patientActor(tenant, session, requestOriginFrom(await headers()));
  return { tenant, session, actor, deps: readDeps(tenant) };
}

/** A page's signed-in clinic staff member with one of `roles`, or null (the page sends them to sign in). */
export async function staffPageContext(
  tenantSlug: string,
  roles?: readonly StaffRole[],
): Promise<StaffPageContext | null> {
  const tenant = await loadTenant(tenantSlug);
  const session = await getStaffSession(tenant.slug, roles);
  if (!session) return null;
  const actor = await staffActor(tenant, session, requestOriginFrom(await headers()));
  return { tenant, session, actor, deps: readDeps(tenant) };
}
