/**
 * A clinic on a legacy EHR for the browser tests (scripts/e2e.ts): its FHIR repository is a partition
 * of the embedded sandbox, seeded with clinicians, schedules and slots but none of the patients the
 * tests use (they are known only from the ADT messages the legacy-EHR simulator sends), and its bridge
 * listens on `mllpPort` and sends its SIU messages to the simulator's `ehrPort`. It has one administrator.
 */
import { configureBridge } from '@/lib/bridge/configure-bridge';
import type { Database } from '@/lib/db/client';
import { ensurePartition } from '@/lib/fhir-server/partitions';
import { SERVICE_TYPE_SYSTEM } from '@/lib/fhir-server/seed/demo-clinic';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { createStaffUser } from '@/lib/identity/staff/create-staff-user';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { localDate } from '@/lib/time/zoned';
import { storeEnrolmentCode } from '@/lib/auth/staff-second-factor/enrolment-code';
import {
  BRIDGED_CLINIC_ADMIN,
  BRIDGED_CLINIC_ADMIN_ENROLMENT_CODE,
  BRIDGED_CLINIC_SLUG,
} from './bridged-clinic-account';

export async function createBridgedClinic(
  database: Database,
  options: { appBaseUrl: string; sandboxDatabaseUrl: string; mllpPort: number; ehrPort: number },
): Promise<Tenant> {
  const slug = BRIDGED_CLINIC_SLUG;
  const timeZone = 'America/Chicago';
  const mrnSystem = 'urn:oid:2.16.840.1.113883.19.20';
  const credentials = await ensurePartition(options.sandboxDatabaseUrl, slug, { profile: 'strict' });
  const tenant = await createTenant(database, {
    slug,
    displayName: 'Riverbend Family Clinic',
    timeZone,
    fhirBaseUrl: `${options.appBaseUrl}/fhir/${slug}`,
    mrnSystem,
    fhirAuth: {
      type: 'smart-client-secret',
      tokenUrl: `${options.appBaseUrl}/fhir/${slug}/auth/token`,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
    },
    providerSettings: {
      kind: 'fhir',
      serviceTypeSystem: SERVICE_TYPE_SYSTEM,
      // What the bridge writes reaches the patient within seconds in the browser tests.
      changeDetection: { pollIntervalSeconds: 2, subscriptionPollIntervalSeconds: 5 },
    },
  });
  await seedPartition(options.sandboxDatabaseUrl, slug, {
    mrnSystem,
    timeZone,
    startDate: localDate(new Date(), timeZone),
    days: 10,
    practitioners: 2,
    patients: 0,
  });
  const admin = await createStaffUser(database, tenant.id, { ...BRIDGED_CLINIC_ADMIN, locationIds: [] });
  await storeEnrolmentCode(database, {
    tenantId: tenant.id,
    staffUserId: admin.id,
    issuedById: null,
    code: BRIDGED_CLINIC_ADMIN_ENROLMENT_CODE,
  });
  await configureBridge(database, tenant.id, {
    mllp: { host: '127.0.0.1', port: options.mllpPort },
    outbound: { mode: 'mllp', host: '127.0.0.1', port: options.ehrPort, ackTimeoutSeconds: 5 },
  });
  return tenant;
}
