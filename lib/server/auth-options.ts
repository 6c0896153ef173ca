/**
 * next-auth configuration: JWT sessions in an httpOnly cookie (secure over https), one credentials
 * provider per way of signing in. The providers only adapt; the checks live in lib/identity.
 */
import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { getConfig } from '@/lib/config';
import { db } from '@/lib/db/client';
import { AppError, type ErrorReason, type ErrorText } from '@/lib/errors';
import { renderErrorText } from '@/lib/i18n/error-text';
import { requestLocale } from '@/lib/http/request-locale';
import { authenticateStaff } from '@/lib/identity/staff/authenticate-staff';
import { verifyLoginCode } from '@/lib/identity/patient/verify-login-code';
import { completeRegistration } from '@/lib/identity/patient/complete-registration';
import { signInWithQrCode } from '@/lib/identity/patient/qr-login';
import { signInWithPasskey } from '@/lib/auth/passkeys/sign-in-with-passkey';
import { checkStaffSession, sessionRequestFromHeaders } from '@/lib/auth/check-staff-session';
import { verifyStaffPasskey } from '@/lib/auth/staff-second-factor/verify-staff-passkey';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { LOCALES } from '@/lib/i18n/locales';
import type { PatientAccount } from '@/lib/identity/patient/patient-account';
import { sessionClaimsSchema, staffClaims, type SessionClaims } from '@/lib/auth/session-claims';
import { signOutSession } from '@/lib/auth/sign-out';
import { serverDeps } from './context';

/** Why a sign-in failed, as the sign-in form says it (never which part was wrong). */
export const SIGN_IN_ERRORS = {
  staffCredentials: 'signIn.staffCredentials',
  patientCode: 'signIn.patientCode',
  patientQr: 'signIn.patientQr',
  tooMany: 'login.tooMany',
  duplicate: 'signIn.duplicate',
  patientPasskey: 'passkeys.signInRefused',
  passkeyTooMany: 'passkeys.tooMany',
} as const satisfies Record<string, ErrorReason>;

function headersOf(
  request: { headers?: Record<string, string | string[] | undefined> | Headers } | undefined,
): Headers {
  const headers = new Headers();
  const source = request?.headers;
  if (source instanceof Headers) return source;
  for (const [name, value] of Object.entries(source ?? {})) if (typeof value === 'string') headers.set(name, value);
  return headers;
}

type SignInRequest = Parameters<typeof headersOf>[0];

/**
 * next-auth hands the thrown message to the sign-in form as is, so it is rendered here, in the
 * language the request negotiates (locale cookie, Accept-Language).
 */
async function signInFailure(request: SignInRequest): Promise<(text: ErrorText) => Error> {
  const locale = await requestLocale({ headers: headersOf(request) });
  return (text) => new Error(renderErrorText(text, locale));
}

function codeFailure(result: { status: string; attemptsLeft?: number }): ErrorText {
  return result.status === 'wrong_code' && result.attemptsLeft !== undefined && result.attemptsLeft > 0
    ? { reason: 'signIn.patientCodeTriesLeft', params: { count: result.attemptsLeft } }
    : { reason: SIGN_IN_ERRORS.patientCode };
}

/** A WebAuthn answer as the form posted it; anything unreadable is null, refused (and audited) as malformed. */
function parseJsonField(value: string | undefined): unknown {
  try {
    return value === undefined ? null : (JSON.parse(value) as unknown);
  } catch {
    return null;
  }
}

type ClaimsUser = User & { claims: SessionClaims };

function userWithClaims(claims: SessionClaims): ClaimsUser {
  return { id: claims.accountId, claims };
}

/** Patient claims for a signed-in app account; its language preference travels with the session. */
function patientUser(tenant: { id: string; slug: string }, account: PatientAccount, patientId: string): ClaimsUser {
  const locale = LOCALES.find((candidate) => candidate === account.preferredLocale);
  return userWithClaims({
    kind: 'patient',
    accountId: account.id,
    patientId,
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    sessionVersion: account.sessionVersion,
    authTime: Math.floor(Date.now() / 1000),
    ...(locale ? { locale } : {}),
  });
}

export function authOptions(): NextAuthOptions {
  const config = getConfig();
  return {
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: config.SESSION_IDLE_MINUTES * 60, updateAge: 60 },
    jwt: { maxAge: config.SESSION_IDLE_MINUTES * 60 },
    pages: { signIn: '/' },
    providers: [
      CredentialsProvider({
        id: 'staff',
        name: 'Staff',
        credentials: { tenant: { type: 'text' }, email: { type: 'email' }, password: { type: 'password' } },
        async authorize(credentials, request) {
          const fail = await signInFailure(request);
          const tenant = credentials?.tenant ? await getTenantBySlug(db(), credentials.tenant) : null;
          if (!tenant || !credentials?.email || !credentials.password)
            throw fail({ reason: SIGN_IN_ERRORS.staffCredentials });
          try {
            const staff = await authenticateStaff(db(), {
              tenantId: tenant.id,
              email: credentials.email,
              password: credentials.password,
              origin: requestOriginFrom(headersOf(request)),
            });
            if (!staff) throw fail({ reason: SIGN_IN_ERRORS.staffCredentials });
            return userWithClaims(staffClaims(staff, tenant));
          } catch (error) {
            if (error instanceof AppError) throw fail(error.text());
            throw error;
          }
        },
      }),
      CredentialsProvider({
        // The passkey step after the password: the browser's answer to /api/{tenant}/staff/second-factor's
        // options, checked against the password-only session this request carries; it upgrades it.
        id: 'staff-passkey',
        name: 'Staff passkey',
        credentials: { tenant: { type: 'text' }, response: { type: 'text' } },
        async authorize(credentials, request) {
          const fail = await signInFailure(request);
          const tenant = credentials?.tenant ? await getTenantBySlug(db(), credentials.tenant) : null;
          const headers = headersOf(request);
          const session = tenant
            ? await checkStaffSession(db(), {
                request: sessionRequestFromHeaders(headers),
                options: { secret: config.NEXTAUTH_SECRET, absoluteHours: config.SESSION_ABSOLUTE_HOURS },
                tenantSlug: tenant.slug,
              })
            : null;
          if (!tenant || !session) throw fail({ reason: 'session.staffRequired' });
          try {
            const claims = await verifyStaffPasskey(
              { database: db(), appBaseUrl: config.APP_BASE_URL },
              {
                tenant,
                claims: session.claims,
                response: parseJsonField(credentials?.response),
                origin: requestOriginFrom(headers),
              },
            );
            return userWithClaims(claims);
          } catch (error) {
            if (error instanceof AppError) throw fail(error.text());
            throw error;
          }
        },
      }),
      CredentialsProvider({
        id: 'patient-code',
        name: 'Patient one-time code',
        credentials: { tenant: { type: 'text' }, loginId: { type: 'text' }, code: { type: 'text' } },
        async authorize(credentials, request) {
          const fail = await signInFailure(request);
          const tenant = credentials?.tenant ? await getTenantBySlug(db(), credentials.tenant) : null;
          if (!tenant || !credentials?.loginId || !credentials.code) throw fail({ reason: SIGN_IN_ERRORS.patientCode });
          const result = await verifyLoginCode(await serverDeps(tenant), {
            tenant,
            loginId: credentials.loginId,
            code: credentials.code,
            origin: requestOriginFrom(headersOf(request)),
          });
          if (result.status !== 'signed-in') throw fail(codeFailure(result));
          return patientUser(tenant, result.account, result.patientId);
        },
      }),
      CredentialsProvider({
        id: 'patient-qr',
        name: 'Patient QR code',
        credentials: { tenant: { type: 'text' }, token: { type: 'text' }, birthDate: { type: 'text' } },
        async authorize(credentials, request) {
          const fail = await signInFailure(request);
          const tenant = credentials?.tenant ? await getTenantBySlug(db(), credentials.tenant) : null;
          if (!tenant || !credentials?.token || !credentials.birthDate)
            throw fail({ reason: SIGN_IN_ERRORS.patientQr });
          const result = await signInWithQrCode(await serverDeps(tenant), {
            tenant,
            token: credentials.token,
            birthDate: credentials.birthDate,
            origin: requestOriginFrom(headersOf(request)),
          });
          if (result.status === 'rate_limited') throw fail({ reason: SIGN_IN_ERRORS.tooMany });
          if (result.status !== 'signed-in') throw fail({ reason: SIGN_IN_ERRORS.patientQr });
          return patientUser(tenant, result.account, result.patientId);
        },
      }),
      CredentialsProvider({
        id: 'patient-passkey',
        name: 'Patient passkey',
        credentials: { tenant: { type: 'text' }, response: { type: 'text' } },
        async authorize(credentials, request) {
          const fail = await signInFailure(request);
          const tenant = credentials?.tenant ? await getTenantBySlug(db(), credentials.tenant) : null;
          if (!tenant || !credentials?.response) throw fail({ reason: SIGN_IN_ERRORS.patientPasskey });
          const result = await signInWithPasskey(
            { database: db(), appBaseUrl: config.APP_BASE_URL },
            { tenant, response: parseJsonField(credentials.response), origin: requestOriginFrom(headersOf(request)) },
          );
          if (result.status === 'rate_limited') throw fail({ reason: SIGN_IN_ERRORS.passkeyTooMany });
          if (result.status !== 'signed-in') throw fail({ reason: SIGN_IN_ERRORS.patientPasskey });
          return patientUser(tenant, result.account, result.patientId);
        },
      }),
      CredentialsProvider({
        id: 'patient-registration',
        name: 'New patient registration',
        credentials: { tenant: { type: 'text' }, registrationId: { type: 'text' }, code: { type: 'text' } },
        async authorize(credentials, request) {
          const fail = await signInFailure(request);
          const tenant = credentials?.tenant ? await getTenantBySlug(db(), credentials.tenant) : null;
          if (!tenant || !credentials?.registrationId || !credentials.code)
            throw fail({ reason: SIGN_IN_ERRORS.patientCode });
          const result = await completeRegistration(await serverDeps(tenant), {
            tenant,
            registrationId: credentials.registrationId,
            code: credentials.code,
            origin: requestOriginFrom(headersOf(request)),
          });
          if (result.status === 'duplicate') throw fail({ reason: SIGN_IN_ERRORS.duplicate });
          if (result.status !== 'registered') throw fail(codeFailure(result));
          return patientUser(tenant, result.account, result.patientId);
        },
      }),
    ],
    events: {
      // Signing out ends the session on the server too: a copy of the cookie is worth nothing after.
      async signOut({ token }) {
        const claims = sessionClaimsSchema.safeParse(token.claims);
        if (claims.success) await signOutSession(db(), claims.data);
      },
    },
    callbacks: {
      jwt({ token, user }) {
        if (user && 'claims' in user) return { ...token, claims: (user as ClaimsUser).claims };
        return token;
      },
      session({ session, token }) {
        const claims = sessionClaimsSchema.safeParse(token.claims);
        // Only what the browser needs to render; authorization always re-reads the token server-side.
        return {
          ...session,
          user: claims.success && claims.data.kind === 'staff' ? { name: claims.data.displayName } : undefined,
        };
      },
    },
  };
}
