/**
 * next-auth configuration: JWT sessions in an httpOnly cookie (secure over https), one credentials
 * provider per way of signing in. The providers only adapt; the checks live in lib/identity.
 */
import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { getConfig } from '@/lib/config';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { authenticateStaff } from '@/lib/identity/staff/authenticate-staff';
import { verifyLoginCode } from '@/lib/identity/patient/verify-login-code';
import { completeRegistration } from '@/lib/identity/patient/complete-registration';
import { signInWithQrCode } from '@/lib/identity/patient/qr-login';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { LOCALES } from '@/lib/i18n/locales';
import type { PatientAccount } from '@/lib/identity/patient/patient-account';
import { sessionClaimsSchema, type SessionClaims } from '@/lib/auth/session-claims';
import { serverDeps } from './context';

/** Messages shown on the sign-in form; never say which part was wrong. */
export const SIGN_IN_ERRORS = {
  staffCredentials: 'The email or password is not right.',
  patientCode: 'That code is not right or has expired.',
  patientQr:
    'That QR code does not work with this date of birth. ' +
    'Log in with your medical record number, or make a new QR code on your profile.',
  tooMany: 'Too many attempts. Please wait a while and try again, or call the clinic.',
  duplicate:
    'It looks like you already have a record with us. ' +
    'Please log in with your medical record number, or call the clinic.',
} as const;

function headersOf(
  request: { headers?: Record<string, string | string[] | undefined> | Headers } | undefined,
): Headers {
  const headers = new Headers();
  const source = request?.headers;
  if (source instanceof Headers) return source;
  for (const [name, value] of Object.entries(source ?? {})) if (typeof value === 'string') headers.set(name, value);
  return headers;
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
          const tenant = credentials?.tenant ? await getTenantBySlug(db(), credentials.tenant) : null;
          if (!tenant || !credentials?.email || !credentials.password) throw new Error(SIGN_IN_ERRORS.staffCredentials);
          try {
            const staff = await authenticateStaff(db(), {
              tenantId: tenant.id,
              email: credentials.email,
              password: credentials.password,
              origin: requestOriginFrom(headersOf(request)),
            });
            if (!staff) throw new Error(SIGN_IN_ERRORS.staffCredentials);
            return userWithClaims({
              kind: 'staff',
              accountId: staff.id,
              tenantId: tenant.id,
              tenantSlug: tenant.slug,
              role: staff.role,
              displayName: staff.displayName,
              locationIds: staff.locationIds,
              sessionVersion: staff.sessionVersion,
              authTime: Math.floor(Date.now() / 1000),
            });
          } catch (error) {
            if (error instanceof AppError) throw new Error(error.message);
            throw error;
          }
        },
      }),
      CredentialsProvider({
        id: 'patient-code',
        name: 'Patient one-time code',
        credentials: { tenant: { type: 'text' }, loginId: { type: 'text' }, code: { type: 'text' } },
        async authorize(credentials, request) {
          const tenant = credentials?.tenant ? await getTenantBySlug(db(), credentials.tenant) : null;
          if (!tenant || !credentials?.loginId || !credentials.code) throw new Error(SIGN_IN_ERRORS.patientCode);
          const result = await verifyLoginCode(await serverDeps(tenant), {
            tenant,
            loginId: credentials.loginId,
            code: credentials.code,
            origin: requestOriginFrom(headersOf(request)),
          });
          if (result.status !== 'signed-in')
            throw new Error(
              result.status === 'wrong_code' && result.attemptsLeft > 0
                ? `${SIGN_IN_ERRORS.patientCode} ${result.attemptsLeft} tries left.`
                : SIGN_IN_ERRORS.patientCode,
            );
          return patientUser(tenant, result.account, result.patientId);
        },
      }),
      CredentialsProvider({
        id: 'patient-qr',
        name: 'Patient QR code',
        credentials: { tenant: { type: 'text' }, token: { type: 'text' }, birthDate: { type: 'text' } },
        async authorize(credentials, request) {
          const tenant = credentials?.tenant ? await getTenantBySlug(db(), credentials.tenant) : null;
          if (!tenant || !credentials?.token || !credentials.birthDate) throw new Error(SIGN_IN_ERRORS.patientQr);
          const result = await signInWithQrCode(await serverDeps(tenant), {
            tenant,
            token: credentials.token,
            birthDate: credentials.birthDate,
            origin: requestOriginFrom(headersOf(request)),
          });
          if (result.status === 'rate_limited') throw new Error(SIGN_IN_ERRORS.tooMany);
          if (result.status !== 'signed-in') throw new Error(SIGN_IN_ERRORS.patientQr);
          return patientUser(tenant, result.account, result.patientId);
        },
      }),
      CredentialsProvider({
        id: 'patient-registration',
        name: 'New patient registration',
        credentials: { tenant: { type: 'text' }, registrationId: { type: 'text' }, code: { type: 'text' } },
        async authorize(credentials, request) {
          const tenant = credentials?.tenant ? await getTenantBySlug(db(), credentials.tenant) : null;
          if (!tenant || !credentials?.registrationId || !credentials.code) throw new Error(SIGN_IN_ERRORS.patientCode);
          const result = await completeRegistration(await serverDeps(tenant), {
            tenant,
            registrationId: credentials.registrationId,
            code: credentials.code,
            origin: requestOriginFrom(headersOf(request)),
          });
          if (result.status === 'duplicate') throw new Error(SIGN_IN_ERRORS.duplicate);
          if (result.status !== 'registered')
            throw new Error(
              result.status === 'wrong_code' && result.attemptsLeft > 0
                ? `${SIGN_IN_ERRORS.patientCode} ${result.attemptsLeft} tries left.`
                : SIGN_IN_ERRORS.patientCode,
            );
          return patientUser(tenant, result.account, result.patientId);
        },
      }),
    ],
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
