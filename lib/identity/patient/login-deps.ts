import { getConfig } from '@/lib/config';
import { db } from '@/lib/db/client';
import { getNotifier } from '@/lib/notify/get-notifier';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { LoginDeps } from './mrn-login';

/** Everything patient sign-in, registration and the QR code need. */
export type PatientIdentityDeps = LoginDeps & { appBaseUrl: string };

/** The running server's dependencies for patient sign-in and registration at a clinic. */
export async function loginDeps(tenant: Tenant): Promise<PatientIdentityDeps> {
  const config = getConfig();
  return {
    database: db(),
    provider: getSchedulingProvider(tenant),
    notifier: await getNotifier(),
    secret: config.NEXTAUTH_SECRET,
    appBaseUrl: config.APP_BASE_URL,
  };
}
