import { z } from 'zod';

export type StaffRole = 'front_desk' | 'admin';

/** A signed-in clinic employee, as the rest of the app sees them. */
export interface StaffIdentity {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: StaffRole;
  /** FHIR Location ids; empty means every location. */
  locationIds: string[];
  sessionVersion: number;
}

export const staffEmailSchema = z.string().trim().toLowerCase().pipe(z.email('must be an email address'));

export const newStaffUserSchema = z.object({
  email: staffEmailSchema,
  displayName: z.string().trim().min(2, 'must be at least 2 characters').max(120),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
  role: z.enum(['front_desk', 'admin']),
  locationIds: z.array(z.string().trim().min(1).max(64)).default([]),
});
export type NewStaffUser = z.input<typeof newStaffUserSchema>;

export const staffRoleLabels: Record<StaffRole, string> = { front_desk: 'Front desk', admin: 'Administrator' };
