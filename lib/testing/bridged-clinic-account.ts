/** The browser tests' clinic on a legacy EHR (lib/testing/bridged-clinic.ts): its slug and administrator. */
export const BRIDGED_CLINIC_SLUG = 'riverbend';

export const BRIDGED_CLINIC_ADMIN = {
  email: 'admin@riverbend.example',
  displayName: 'Lee Park',
  password: 'riverbend-admin-e2e',
  role: 'admin',
} as const;

/** The one-time code of the administrator's first passkey (administrators need one after the password). */
export const BRIDGED_CLINIC_ADMIN_ENROLMENT_CODE = 'RVBD-ADMN-2FA3';
