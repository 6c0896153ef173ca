import { getConfig } from '@/lib/config';
import { db } from '@/lib/db/client';
import { getNotifier } from '@/lib/notify/get-notifier';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { LoginDeps } from './mrn-login';

/** The running server's dependencies for patient sign-in at a clinic. */
export async function loginDeps(tenant: Tenant): Promise<LoginDeps> {
  return { database: db(), provider: getSchedulingProvider(tenant), notifier: await getNotifier(), secret: getConfig().NEXTAUTH_SECRET };
}
