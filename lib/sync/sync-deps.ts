/** What change detection needs: the app database, each clinic's EHR (with the sync's request budget), the notifier. */
import type { Database } from '@/lib/db/client';
import type { Notifier } from '@/lib/notify/notifier';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';

export interface SyncDeps {
  database: Database;
  /** The clinic's EHR as the sync reads it (within its request budget). */
  providerFor: (tenant: Tenant) => SchedulingProvider;
  notifier: Notifier;
  /** Public base URL of the app: links in notices and the EHR's notification endpoint. */
  appBaseUrl: string;
  /** The app's clock (tests move it to simulate a clock difference). */
  now?: () => Date;
  /** Told of slots the EHR freed (`slot-opened`): the waitlist offers them. */
  onSlotsFreed?: ((tenant: Tenant, slotIds: string[]) => Promise<void>) | undefined;
}
