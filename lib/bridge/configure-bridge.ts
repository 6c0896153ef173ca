/** Turning a clinic into a bridged clinic (or changing its bridge settings), and reading them back. */
import type { Database } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import { getTenantById } from '@/lib/tenancy/get-tenant';
import { bridgeSettingsSchema, type BridgeSettings } from './bridge-settings';
import type { BridgeContext } from './bridge-context';
import { fhirBridgeTarget } from './fhir/fhir-bridge-target';

export async function configureBridge(
  database: Database,
  tenantId: string,
  input: Prisma.InputJsonObject,
): Promise<BridgeSettings> {
  const settings = bridgeSettingsSchema.parse(input);
  const json = settings as unknown as Prisma.InputJsonObject;
  await database.clinicBridge.upsert({
    where: { tenantId },
    create: { tenantId, settings: json },
    update: { settings: json },
  });
  return settings;
}

export async function getBridgeSettings(database: Database, tenantId: string): Promise<BridgeSettings | null> {
  const row = await database.clinicBridge.findUnique({ where: { tenantId }, select: { settings: true } });
  return row ? bridgeSettingsSchema.parse(row.settings) : null;
}

/** Whether the clinic is on a legacy EHR through an enabled bridge (its staff menu shows the bridge page). */
export async function isBridgedClinic(database: Database, tenantId: string): Promise<boolean> {
  return (await getBridgeSettings(database, tenantId))?.enabled ?? false;
}

/** The context the bridge's use-cases run in for one clinic; null when the clinic is not bridged. */
export async function loadBridgeContext(database: Database, tenantId: string): Promise<BridgeContext | null> {
  const [tenant, settings] = await Promise.all([
    getTenantById(database, tenantId),
    getBridgeSettings(database, tenantId),
  ]);
  if (!tenant || !settings?.enabled) return null;
  return { database, tenant, settings, target: fhirBridgeTarget(tenant, settings) };
}
