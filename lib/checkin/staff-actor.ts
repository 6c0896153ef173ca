/** Builds the check-in dependencies and the acting staff member for a route handler or page. */
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { requireStaffSession } from '@/lib/auth/get-session';
import { getConfig } from '@/lib/config';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { getLocale } from '@/lib/i18n/server';
import type { StaffRole } from '@/lib/identity/staff/staff-user';
import { getNotifier } from '@/lib/notify/get-notifier';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import type { CheckInDeps, StaffActor } from './check-in-deps';

export async function staffContext(
  tenantSlug: string,
  headers: Pick<Headers, 'get'>,
  roles: readonly StaffRole[] = ['front_desk', 'admin'],
): Promise<{ deps: CheckInDeps; actor: StaffActor }> {
  const tenant = await getTenantBySlug(db(), tenantSlug);
  if (!tenant) throw new AppError('not_found', 'clinic.notFound');
  const session = await requireStaffSession(tenant.slug, roles);
  return {
    deps: {
      database: db(),
      provider: getSchedulingProvider(tenant),
      notifier: await getNotifier(),
      appBaseUrl: getConfig().APP_BASE_URL,
    },
    actor: {
      tenant,
      staffId: session.accountId,
      role: session.role,
      locationIds: session.locationIds,
      locale: await getLocale(),
      origin: requestOriginFrom(headers),
    },
  };
}
