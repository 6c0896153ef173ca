import { z } from 'zod';
import type { RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import type { Locale } from '@/lib/i18n/locales';
import type { Notifier } from '@/lib/notify/notifier';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';

export interface BookingDeps {
  database: Database;
  provider: SchedulingProvider;
  notifier: Notifier;
  appBaseUrl: string;
  now?: () => Date;
  /** Told of the slots the patient's cancellation or move freed (the waitlist offers them). */
  onSlotsFreed?: ((tenant: Tenant, slotIds: string[]) => Promise<void>) | undefined;
}

/** Who is acting: a signed-in patient's app account and their EHR patient id. */
export interface PatientActor {
  tenant: Tenant;
  accountId: string;
  patientId: string;
  locale: Locale;
  origin: RequestOrigin;
  /** The account's choice of channel for messages (profile), if any. */
  preferredChannel?: 'sms' | 'email' | null | undefined;
}

export const REASON_MAX_LENGTH = 500;
export const reasonSchema = z
  .string()
  .trim()
  .max(REASON_MAX_LENGTH, `Please keep the reason under ${REASON_MAX_LENGTH} characters.`)
  .optional();
