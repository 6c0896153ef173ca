/**
 * The browser's side of the passkey ceremonies: fetch options from the API, let the device make or
 * use the passkey (@simplewebauthn/browser), hand the answer back: to the API when adding one, to
 * next-auth when signing in (a patient) or passing the step after the password (staff). Every
 * failure becomes an `ApiError` whose message is ready to show; a ceremony superseded by another
 * one (autofill replaced by the button) is `superseded`.
 */
import {
  platformAuthenticatorIsAvailable,
  startAuthentication,
  startRegistration,
  type AuthenticationResponseJSON,
} from '@simplewebauthn/browser';
import { signIn } from 'next-auth/react';
import { ApiError, callApi } from '@/lib/api/client';
import type { ResponseOf } from '@/lib/api/endpoint';
import { passkeysApi, staffPasskeysApi } from '@/lib/api/passkeys';

export type PasskeySummary = ResponseOf<typeof passkeysApi.register>['passkey'];

export interface CeremonyMessages {
  failed: string;
  cancelled: string;
}

/** Thrown when a newer ceremony took this one's place; nothing to show. */
export class SupersededCeremony extends Error {}

function ceremonyError(error: unknown, messages: CeremonyMessages): Error {
  if (error instanceof ApiError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new SupersededCeremony();
  if (error instanceof Error && 'code' in error && error.code === 'ERROR_CEREMONY_ABORTED')
    return new SupersededCeremony();
  return new ApiError({ status: 0, code: 'cancelled', message: messages.cancelled });
}

/**
 * Whose account a new passkey is for: the signed-in patient, or a staff member (with an enrolment
 * code until they passed their passkey step).
 */
export type PasskeyAccount = { kind: 'patient' } | { kind: 'staff'; code?: string | undefined };

async function registrationOptions(tenantSlug: string, account: PasskeyAccount, fallbackMessage: string) {
  const params = { tenant: tenantSlug };
  return account.kind === 'patient'
    ? callApi(passkeysApi.registrationOptions, { params, fallbackMessage })
    : callApi(staffPasskeysApi.registrationOptions, { params, body: { code: account.code }, fallbackMessage });
}

/** Adds a passkey to the signed-in account (the patient's unless said). */
export async function createPasskey(
  tenantSlug: string,
  name: string | undefined,
  messages: CeremonyMessages,
  account: PasskeyAccount = { kind: 'patient' },
): Promise<PasskeySummary> {
  try {
    const options = await registrationOptions(tenantSlug, account, messages.failed);
    const response = await startRegistration({ optionsJSON: options });
    const body = { response, ...(name ? { name } : {}) };
    const params = { tenant: tenantSlug };
    const { passkey } =
      account.kind === 'patient'
        ? await callApi(passkeysApi.register, { params, body, fallbackMessage: messages.failed })
        : await callApi(staffPasskeysApi.register, {
            params,
            body: { ...body, code: account.code },
            fallbackMessage: messages.failed,
          });
    return passkey;
  } catch (error) {
    throw ceremonyError(error, messages);
  }
}

/** Hands a signed assertion to next-auth; resolves once the session cookie carries it. */
async function completeSignIn(
  provider: 'patient-passkey' | 'staff-passkey',
  tenantSlug: string,
  response: AuthenticationResponseJSON,
  messages: CeremonyMessages,
): Promise<void> {
  const result = await signIn(provider, { redirect: false, tenant: tenantSlug, response: JSON.stringify(response) });
  if (!result?.ok || result.error)
    throw new ApiError({
      status: result?.status ?? 401,
      code: 'unauthorized',
      message: result?.error && result.error !== 'CredentialsSignin' ? result.error : messages.failed,
    });
}

/** Signs in with a passkey of this device (or the browser's autofill choice); resolves once signed in. */
export async function signInWithPasskey(
  tenantSlug: string,
  options: { autofill: boolean },
  messages: CeremonyMessages,
): Promise<void> {
  let response: AuthenticationResponseJSON;
  try {
    const optionsJSON = await callApi(passkeysApi.signInOptions, {
      params: { tenant: tenantSlug },
      fallbackMessage: messages.failed,
    });
    response = await startAuthentication({ optionsJSON, useBrowserAutofill: options.autofill });
  } catch (error) {
    throw ceremonyError(error, messages);
  }
  await completeSignIn('patient-passkey', tenantSlug, response, messages);
}

/** A staff member's passkey step after the password; resolves once the session has passed it. */
export async function confirmStaffPasskey(tenantSlug: string, messages: CeremonyMessages): Promise<void> {
  let response: AuthenticationResponseJSON;
  try {
    const optionsJSON = await callApi(staffPasskeysApi.checkOptions, {
      params: { tenant: tenantSlug },
      fallbackMessage: messages.failed,
    });
    response = await startAuthentication({ optionsJSON });
  } catch (error) {
    throw ceremonyError(error, messages);
  }
  await completeSignIn('staff-passkey', tenantSlug, response, messages);
}

/**
 * Whether to offer a passkey to a patient who just signed in another way: only on a device with a
 * built-in authenticator (face, fingerprint, screen lock) and an account that has no passkey yet.
 */
export async function shouldOfferPasskey(tenantSlug: string): Promise<boolean> {
  if (!(await platformAuthenticatorIsAvailable().catch(() => false))) return false;
  const listed = await callApi(passkeysApi.list, { params: { tenant: tenantSlug }, fallbackMessage: '' }).catch(
    () => null,
  );
  return listed !== null && listed.passkeys.length === 0;
}
