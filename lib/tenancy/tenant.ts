/** The tenant as the rest of the app sees it: settings parsed, no Prisma types. */
import type {
  BookingRules,
  CheckInSettings,
  FhirAuthSettings,
  InsuranceSettings,
  NotificationSettings,
  ProviderSettings,
  PublicationSettings,
  WaitlistSettings,
  StaffSecurity,
} from './tenant-settings';
import {
  bookingRulesSchema,
  checkInSettingsSchema,
  fhirAuthSchema,
  insuranceSettingsSchema,
  notificationSettingsSchema,
  providerSettingsSchema,
  publicationSettingsSchema,
  waitlistSettingsSchema,
  staffSecuritySchema,
} from './tenant-settings';
import type { Tenant as TenantRow } from '@/lib/generated/prisma/client';
import { decryptSecrets } from '@/lib/security/secrets';
import { ehrCheckReportSchema, type EhrCheckReport } from './ehr-check';

export interface Tenant {
  id: string;
  slug: string;
  displayName: string;
  timeZone: string;
  contactPhone: string | null;
  fhirBaseUrl: string;
  fhirAuth: FhirAuthSettings;
  mrnSystem: string;
  checkInSettings: CheckInSettings;
  notificationSettings: NotificationSettings;
  bookingRules: BookingRules;
  providerSettings: ProviderSettings;
  insuranceSettings: InsuranceSettings;
  publicationSettings: PublicationSettings;
  waitlistSettings: WaitlistSettings;
  /** Who needs a passkey after the password (lib/auth/staff-second-factor). */
  staffSecurity: StaffSecurity;
  /** The last onboarding check of the clinic's EHR (null: never checked). */
  ehrCheck: EhrCheckReport | null;
}

/** Public facts about a clinic, safe to send to a browser. */
export interface TenantSummary {
  slug: string;
  displayName: string;
  timeZone: string;
  contactPhone: string | null;
}

/** The row's settings parsed; the clinic's secrets (stored encrypted, lib/security/secrets.ts) decrypted. */
export function tenantFromRow(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    displayName: row.displayName,
    timeZone: row.timeZone,
    contactPhone: row.contactPhone,
    fhirBaseUrl: row.fhirBaseUrl,
    fhirAuth: fhirAuthSchema.parse(decryptSecrets(row.fhirAuth)),
    mrnSystem: row.mrnSystem,
    checkInSettings: checkInSettingsSchema.parse(row.checkInSettings),
    notificationSettings: notificationSettingsSchema.parse(row.notificationSettings),
    bookingRules: bookingRulesSchema.parse(row.bookingRules),
    providerSettings: providerSettingsSchema.parse(row.providerSettings),
    insuranceSettings: insuranceSettingsSchema.parse(decryptSecrets(row.insuranceSettings)),
    publicationSettings: publicationSettingsSchema.parse(row.publicationSettings),
    waitlistSettings: waitlistSettingsSchema.parse(row.waitlistSettings),
    staffSecurity: staffSecuritySchema.parse(row.staffSecurity),
    ehrCheck: row.ehrCheck === null ? null : ehrCheckReportSchema.parse(row.ehrCheck),
  };
}

export function summarizeTenant(
  tenant: Pick<Tenant, 'slug' | 'displayName' | 'timeZone' | 'contactPhone'>,
): TenantSummary {
  return {
    slug: tenant.slug,
    displayName: tenant.displayName,
    timeZone: tenant.timeZone,
    contactPhone: tenant.contactPhone,
  };
}
