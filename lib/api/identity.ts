/** Patient sign-in with an MRN, registration, the profile (preferences, QR code, sessions) and dependents. */
import type { z as zc } from 'zod';
import * as z from 'zod/mini';
import { LOCALES } from '@/lib/i18n/locales';
import { defineEndpoint, segment, type FormInput } from './endpoint';
import type {
  addressChangeSchema,
  contactChangeCodeSchema,
  contactChangeSchema,
  mrnLoginSchema,
  newDependentSchema,
  preferencesSchema,
  registrationBodySchema,
  registrationWelcomeBodySchema,
  resendRegistrationCodeBodySchema,
  sendLoginCodeBodySchema,
} from './identity.input';

const channelSchema = z.enum(['sms', 'email']);

export const maskedContactSchema = z.object({ id: z.string(), kind: channelSchema, masked: z.string() });

export const loginStartedSchema = z.object({ loginId: z.string(), contacts: z.array(maskedContactSchema) });

export const codeSentSchema = z.object({ sentTo: z.string(), channel: channelSchema, expiresInSeconds: z.number() });

export const registrationCodeSentSchema = z.object({
  registrationId: z.string(),
  sentTo: z.string(),
  channel: channelSchema,
  expiresInSeconds: z.number(),
});

/** A QR login code, shown once: the link carries the token in its fragment. */
export const qrCodeImageSchema = z.object({
  link: z.string(),
  svg: z.string(),
  pngDataUrl: z.string(),
  expiresAt: z.string(),
});

export const welcomeSchema = z.object({
  mrn: z.nullable(z.string()),
  name: z.string(),
  qr: qrCodeImageSchema,
  sentTo: z.nullable(channelSchema),
});

export const preferencesBodySchema = z.object({
  preferences: z.object({
    preferredChannel: z.nullable(channelSchema),
    preferredLocale: z.nullable(z.enum(LOCALES)),
  }),
});

export const contactChangeStartedSchema = z.object({
  changeId: z.string(),
  sentTo: z.string(),
  expiresInSeconds: z.number(),
});

export const contactsOnFileSchema = z.object({
  contacts: z.array(z.object({ kind: channelSchema, masked: z.string() })),
});

export const addressOnFileSchema = z.object({
  address: z.nullable(
    z.object({
      lines: z.array(z.string()),
      city: z.nullable(z.string()),
      state: z.nullable(z.string()),
      postalCode: z.nullable(z.string()),
    }),
  ),
});

export const addedDependentSchema = z.object({
  dependent: z.object({
    name: z.string(),
    mrn: z.nullable(z.string()),
    relationship: z.enum(['mother', 'father', 'guardian', 'parent', 'other']),
  }),
});

type TenantParams = { tenant: string };
const tenantPath =
  (rest: string) =>
  ({ tenant }: TenantParams): string =>
    `/api/${segment(tenant)}/${rest}`;

export const identityApi = {
  /** `POST /api/{tenant}/login/start`: MRN + birth date in, masked contact points out (same shape for any input). */
  loginStart: defineEndpoint<{ body: zc.input<typeof mrnLoginSchema> }>()({
    method: 'POST',
    path: tenantPath('login/start'),
    response: loginStartedSchema,
  }),
  /** `POST /api/{tenant}/login/send`: sends (or resends) the one-time code to the chosen contact point. */
  loginSend: defineEndpoint<{ body: zc.input<typeof sendLoginCodeBodySchema> }>()({
    method: 'POST',
    path: tenantPath('login/send'),
    response: codeSentSchema,
  }),
  /** `POST /api/{tenant}/register`: a new patient's details in, a code out. */
  register: defineEndpoint<{ body: zc.input<typeof registrationBodySchema> }>()({
    method: 'POST',
    path: tenantPath('register'),
    response: registrationCodeSentSchema,
  }),
  /** `POST /api/{tenant}/register/resend`: another registration code (throttled). */
  registerResend: defineEndpoint<{ body: zc.input<typeof resendRegistrationCodeBodySchema> }>()({
    method: 'POST',
    path: tenantPath('register/resend'),
    response: registrationCodeSentSchema,
  }),
  /** `POST /api/{tenant}/register/welcome`: the first QR code (shown once) and the welcome message. */
  registerWelcome: defineEndpoint<{ body: zc.input<typeof registrationWelcomeBodySchema> }>()({
    method: 'POST',
    path: tenantPath('register/welcome'),
    response: welcomeSchema,
  }),
  /** `PUT /api/{tenant}/me/preferences`: contact channel and language. */
  preferences: defineEndpoint<{ body: FormInput<zc.input<typeof preferencesSchema>> }>()({
    method: 'PUT',
    path: tenantPath('me/preferences'),
    response: preferencesBodySchema,
  }),
  /** `POST /api/{tenant}/me/qr`: a new QR code; the previous one stops working. */
  reissueQr: defineEndpoint()({ method: 'POST', path: tenantPath('me/qr'), response: qrCodeImageSchema }),
  /** `DELETE /api/{tenant}/me/qr`: turns the QR code off and ends every session (204). */
  revokeQr: defineEndpoint()({ method: 'DELETE', path: tenantPath('me/qr'), format: 'none', response: z.null() }),
  /** `DELETE /api/{tenant}/me/sessions`: log out on all devices (204). */
  logoutEverywhere: defineEndpoint()({
    method: 'DELETE',
    path: tenantPath('me/sessions'),
    format: 'none',
    response: z.null(),
  }),
  /** `POST /api/{tenant}/me/contact`: a code to a new mobile phone or email, before it is written to the EHR. */
  startContactChange: defineEndpoint<{ body: FormInput<zc.input<typeof contactChangeSchema>> }>()({
    method: 'POST',
    path: tenantPath('me/contact'),
    response: contactChangeStartedSchema,
  }),
  /** `POST /api/{tenant}/me/contact/verify`: the code; the new phone or email is written to the EHR. */
  confirmContactChange: defineEndpoint<{ body: FormInput<zc.input<typeof contactChangeCodeSchema>> }>()({
    method: 'POST',
    path: tenantPath('me/contact/verify'),
    response: contactsOnFileSchema,
  }),
  /** `PUT /api/{tenant}/me/address`: the home address, written to the EHR. */
  changeAddress: defineEndpoint<{ body: FormInput<zc.input<typeof addressChangeSchema>> }>()({
    method: 'PUT',
    path: tenantPath('me/address'),
    response: addressOnFileSchema,
  }),
  /** `POST /api/{tenant}/dependents`: adds a child to the guardian's record. */
  addDependent: defineEndpoint<{ body: FormInput<zc.input<typeof newDependentSchema>> }>()({
    method: 'POST',
    path: tenantPath('dependents'),
    response: addedDependentSchema,
  }),
} as const;
