/**
 * Passkeys: the options a browser needs for a WebAuthn ceremony, adding and removing a patient's
 * or a staff member's passkeys, and the clinic's staff passkey rules. Signing in with one, and a
 * staff member's passkey step after the password, go through next-auth (`signIn('patient-passkey')`,
 * `signIn('staff-passkey')`), like the other ways in.
 */
import type { z as zc } from 'zod';
import * as z from 'zod/mini';
import type { registerPasskeyBodySchema } from '@/lib/auth/passkeys/register-passkey';
import type {
  staffEnrolmentBodySchema,
  staffEnrolmentOptionsBodySchema,
} from '@/lib/auth/staff-second-factor/enrol-staff-passkey';
import type { staffSecurityBodySchema } from '@/lib/auth/staff-second-factor/set-staff-security';
import { defineEndpoint, segment } from './endpoint';

const transportSchema = z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
const userVerificationSchema = z.enum(['required', 'preferred', 'discouraged']);

const credentialDescriptor = z.object({
  id: z.string(),
  type: z.literal('public-key'),
  transports: z.optional(z.array(transportSchema)),
});

const extensionsSchema = z.optional(z.object({ appid: z.optional(z.string()), credProps: z.optional(z.boolean()) }));

const hintsSchema = z.optional(z.array(z.enum(['hybrid', 'security-key', 'client-device'])));

/** PublicKeyCredentialRequestOptionsJSON (WebAuthn Level 3, 5.5), as the server made it. */
export const requestOptionsSchema = z.object({
  challenge: z.string(),
  timeout: z.optional(z.number()),
  rpId: z.optional(z.string()),
  allowCredentials: z.optional(z.array(credentialDescriptor)),
  userVerification: z.optional(userVerificationSchema),
  hints: hintsSchema,
  extensions: extensionsSchema,
});

/** PublicKeyCredentialCreationOptionsJSON (WebAuthn Level 3, 5.4), as the server made it. */
export const creationOptionsSchema = z.object({
  rp: z.object({ name: z.string(), id: z.optional(z.string()) }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  challenge: z.string(),
  pubKeyCredParams: z.array(z.object({ alg: z.number(), type: z.literal('public-key') })),
  timeout: z.optional(z.number()),
  excludeCredentials: z.optional(z.array(credentialDescriptor)),
  authenticatorSelection: z.optional(
    z.object({
      authenticatorAttachment: z.optional(z.enum(['platform', 'cross-platform'])),
      requireResidentKey: z.optional(z.boolean()),
      residentKey: z.optional(z.enum(['discouraged', 'preferred', 'required'])),
      userVerification: z.optional(userVerificationSchema),
    }),
  ),
  attestation: z.optional(z.enum(['direct', 'enterprise', 'indirect', 'none'])),
  hints: hintsSchema,
  extensions: extensionsSchema,
});

export const passkeySummarySchema = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.nullable(z.string()),
  synced: z.boolean(),
});

type TenantParams = { tenant: string };
const tenantPath =
  (rest: string) =>
  ({ tenant }: TenantParams): string =>
    `/api/${segment(tenant)}/${rest}`;

export const passkeysApi = {
  /** `POST /api/{tenant}/passkeys/sign-in`: options for a discoverable sign-in (a fresh challenge). */
  signInOptions: defineEndpoint()({
    method: 'POST',
    path: tenantPath('passkeys/sign-in'),
    response: requestOptionsSchema,
  }),
  /** `GET /api/{tenant}/me/passkeys`: the signed-in patient's passkeys. */
  list: defineEndpoint()({
    method: 'GET',
    path: tenantPath('me/passkeys'),
    response: z.object({ passkeys: z.array(passkeySummarySchema) }),
  }),
  /** `POST /api/{tenant}/me/passkeys/options`: options for adding a passkey to the signed-in account. */
  registrationOptions: defineEndpoint()({
    method: 'POST',
    path: tenantPath('me/passkeys/options'),
    response: creationOptionsSchema,
  }),
  /** `POST /api/{tenant}/me/passkeys`: the browser's answer; the passkey is stored. */
  register: defineEndpoint<{ body: zc.input<typeof registerPasskeyBodySchema> }>()({
    method: 'POST',
    path: tenantPath('me/passkeys'),
    response: z.object({ passkey: passkeySummarySchema }),
  }),
  /** `DELETE /api/{tenant}/me/passkeys/{id}`: removes it and ends every session of the account (204). */
  remove: defineEndpoint()({
    method: 'DELETE',
    path: ({ tenant, id }: TenantParams & { id: string }): string =>
      `/api/${segment(tenant)}/me/passkeys/${segment(id)}`,
    format: 'none',
    response: z.null(),
  }),
} as const;

/** A staff member's own passkeys (enrolment with a code while the passkey step is owed) and the clinic's rules. */
export const staffPasskeysApi = {
  /** `POST /api/{tenant}/staff/second-factor`: options for the passkey step after the password. */
  checkOptions: defineEndpoint()({
    method: 'POST',
    path: tenantPath('staff/second-factor'),
    response: requestOptionsSchema,
  }),
  /** `GET /api/{tenant}/staff/passkeys`: the signed-in staff member's passkeys. */
  list: defineEndpoint()({
    method: 'GET',
    path: tenantPath('staff/passkeys'),
    response: z.object({ passkeys: z.array(passkeySummarySchema) }),
  }),
  /** `POST /api/{tenant}/staff/passkeys/options`: options for adding one (an enrolment code before the step). */
  registrationOptions: defineEndpoint<{ body: zc.input<typeof staffEnrolmentOptionsBodySchema> }>()({
    method: 'POST',
    path: tenantPath('staff/passkeys/options'),
    response: creationOptionsSchema,
  }),
  /** `POST /api/{tenant}/staff/passkeys`: the browser's answer; the passkey is stored. */
  register: defineEndpoint<{ body: zc.input<typeof staffEnrolmentBodySchema> }>()({
    method: 'POST',
    path: tenantPath('staff/passkeys'),
    response: z.object({ passkey: passkeySummarySchema }),
  }),
  /** `DELETE /api/{tenant}/staff/passkeys/{id}`: removes it and ends every session of the account (204). */
  remove: defineEndpoint()({
    method: 'DELETE',
    path: ({ tenant, id }: TenantParams & { id: string }): string =>
      `/api/${segment(tenant)}/staff/passkeys/${segment(id)}`,
    format: 'none',
    response: z.null(),
  }),
  /** `POST /api/{tenant}/staff/members/{id}/passkey-reset` (administrators): a colleague's new enrolment code. */
  resetMember: defineEndpoint()({
    method: 'POST',
    path: ({ tenant, id }: TenantParams & { id: string }): string =>
      `/api/${segment(tenant)}/staff/members/${segment(id)}/passkey-reset`,
    response: z.object({ code: z.string(), expiresAt: z.string(), removed: z.number() }),
  }),
  /** `PUT /api/{tenant}/staff/security` (administrators): who must use a passkey after the password. */
  setSecurity: defineEndpoint<{ body: zc.input<typeof staffSecurityBodySchema> }>()({
    method: 'PUT',
    path: tenantPath('staff/security'),
    response: z.object({ passkeysRequiredFor: z.enum(['admins', 'everyone']) }),
  }),
} as const;
