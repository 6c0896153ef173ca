/**
 * Request schemas of the sign-in, registration, profile and dependents endpoints (full zod, parsed by
 * the route handlers). Components see them only as types, through lib/api/identity.ts.
 */
import { z } from 'zod';

export {
  addressChangeSchema,
  contactChangeCodeSchema,
  contactChangeSchema,
} from '@/lib/identity/patient/change-contact-details';
export { mrnLoginSchema } from '@/lib/identity/patient/mrn-login';
export { preferencesSchema } from '@/lib/identity/patient/update-preferences';
export { newDependentSchema } from '@/lib/patients/add-dependent';

export const sendLoginCodeBodySchema = z.object({
  loginId: z.uuid('This sign-in has expired. Please start again.'),
  contactId: z.string().regex(/^c\d{1,2}$/, 'Choose where to send the code.'),
});

/** Any object: the use-case checks the fields (a 400 naming each bad one). */
export const registrationBodySchema = z.record(z.string(), z.unknown());

export const resendRegistrationCodeBodySchema = z.object({
  registrationId: z.uuid('This registration has expired. Please start again.'),
});

export const registrationWelcomeBodySchema = z.object({ registrationId: z.uuid('This registration is not known.') });
