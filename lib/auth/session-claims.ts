/**
 * What a session cookie carries. Sessions belong to exactly one clinic: a session of clinic A is
 * worthless under /clinic-b. The per-account `sessionVersion` lets the server revoke sessions at once.
 */
import { z } from 'zod';
import { LOCALES } from '@/lib/i18n/locales';

export const staffClaimsSchema = z.object({
  kind: z.literal('staff'),
  accountId: z.string(),
  tenantId: z.string(),
  tenantSlug: z.string(),
  role: z.enum(['front_desk', 'admin']),
  displayName: z.string(),
  locationIds: z.array(z.string()),
  sessionVersion: z.number().int(),
  /** Sign-in time, epoch seconds; bounds the session's absolute lifetime. */
  authTime: z.number().int(),
  /**
   * The second factor this session passed after the password: `none` until a passkey was used
   * (lib/auth/staff-second-factor). A session that needs one and has none reaches only that step.
   */
  secondFactor: z.enum(['none', 'passkey']).default('none'),
});
export type StaffClaims = z.infer<typeof staffClaimsSchema>;

/** A staff member's session claims at their clinic, signed in now (with the password alone unless said). */
export function staffClaims(
  staff: Pick<StaffClaims, 'role' | 'displayName' | 'locationIds' | 'sessionVersion'> & { id: string },
  tenant: { id: string; slug: string },
  now: Date = new Date(),
  secondFactor: StaffClaims['secondFactor'] = 'none',
): StaffClaims {
  return {
    kind: 'staff',
    accountId: staff.id,
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    role: staff.role,
    displayName: staff.displayName,
    locationIds: staff.locationIds,
    sessionVersion: staff.sessionVersion,
    authTime: Math.floor(now.getTime() / 1000),
    secondFactor,
  };
}

export const patientClaimsSchema = z.object({
  kind: z.literal('patient'),
  /** The app account (PatientAccount.id). */
  accountId: z.string(),
  /** The patient's id in the clinic's EHR. */
  patientId: z.string(),
  tenantId: z.string(),
  tenantSlug: z.string(),
  sessionVersion: z.number().int(),
  authTime: z.number().int(),
  /** The language the patient chose in their profile, at sign-in; the browser's own choice still wins. */
  locale: z.enum(LOCALES).optional(),
});
export type PatientClaims = z.infer<typeof patientClaimsSchema>;

export const sessionClaimsSchema = z.discriminatedUnion('kind', [staffClaimsSchema, patientClaimsSchema]);
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;
