/**
 * The browser's side of the passkey ceremonies: fetch options from the API, let the device make or
 * use the passkey (@simplewebauthn/browser), hand the answer back: to the API when adding one, to
 * next-auth when signing in. Every failure becomes an `ApiError` whose message is ready to show;
 * a ceremony superseded by another one (autofill replaced by the button) is `superseded`.
 */
import { platformAuthenticatorIsAvailable, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { signIn } from 'next-auth/react';
import { ApiError, callApi } from '@/lib/api/client';
import type { ResponseOf } from '@/lib/api/endpoint';
import { passkeysApi } from '@/lib/api/passkeys';

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

/** Adds a passkey to the signed-in patient's account. */
export async function createPasskey(
  tenantSlug: string,
  name: string | undefined,
  messages: CeremonyMessages,
): Promise<PasskeySummary> {
  try {
    const options = await callApi(passkeysApi.registrationOptions, {
      params: { tenant: tenantSlug },
      fallbackMessage: messages.failed,
    });
    const response = await startRegistration({ optionsJSON: options });
    const { passkey } = await callApi(passkeysApi.register, {
      params: { tenant: tenantSlug },
      body: { response, ...(name ? { name } : {}) },
      fallbackMessage: messages.failed,
    });
    return passkey;
  } catch (error) {
    throw ceremonyError(error, messages);
  }
}

/** Signs in with a passkey of this device (or the browser's autofill choice); resolves once signed in. */
export async function signInWithPasskey(
  tenantSlug: string,
  options: { autofill: boolean },
  messages: CeremonyMessages,
): Promise<void> {
  let response: Awaited<ReturnType<typeof startAuthentication>>;
  try {
    const optionsJSON = await callApi(passkeysApi.signInOptions, {
      params: { tenant: tenantSlug },
      fallbackMessage: messages.failed,
    });
    response = await startAuthentication({ optionsJSON, useBrowserAutofill: options.autofill });
  } catch (error) {
    throw ceremonyError(error, messages);
  }
  const result = await signIn('patient-passkey', {
    redirect: false,
    tenant: tenantSlug,
    response: JSON.stringify(response),
  });
  if (!result?.ok || result.error)
    throw new ApiError({
      status: result?.status ?? 401,
      code: 'unauthorized',
      message: result?.error && result.error !== 'CredentialsSignin' ? result.error : messages.failed,
    });
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
