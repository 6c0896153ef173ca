/** What the bridge's use-cases need for one clinic. */
import type { Database } from '@/lib/db/client';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { BridgeSettings } from './bridge-settings';
import type { BridgeTarget } from './bridge-target';

export interface BridgeContext {
  database: Database;
  tenant: Tenant;
  settings: BridgeSettings;
  target: BridgeTarget;
  now?: () => Date;
}
