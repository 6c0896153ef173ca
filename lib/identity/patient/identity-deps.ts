import type { LoginDeps } from './mrn-login';

/** What the patient sign-in, registration and QR code use-cases need. */
export type PatientIdentityDeps = LoginDeps & { appBaseUrl: string };
