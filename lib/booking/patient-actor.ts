/** Builds the booking dependencies and the acting patient for a route handler or page. */
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { requirePatientSession } from '@/lib/auth/get-session';
import { getConfig } from '@/lib/config';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { getLocale } from '@/lib/i18n/server';
import { getNotifier } from '@/lib/notify/get-notifier';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import type { BookingDeps, PatientActor } from './booking-deps';
import { contactChannelOf } from '@/lib/identity/patient/patient-account';

export async function patientContext(
  tenantSlug: string,
  headers: Pick<Headers, 'get'>,
): Promise<{ deps: BookingDeps; actor: PatientActor }> {
  const tenant = await getTenantBySlug(db(), tenantSlug);
  if (!tenant) throw new AppError('not_found', 'clinic.notFound');
  const session = await requirePatientSession(tenant.slug);
  const account = await db().patientAccount.findUnique({
    where: { id: session.accountId },
    select: { preferredChannel: true },
  });
  const preferredChannel = contactChannelOf(account?.preferredChannel);
  return {
    deps: {
      database: db(),
      provider: getSchedulingProvider(tenant),
      notifier: await getNotifier(),
      appBaseUrl: getConfig().APP_BASE_URL,
    },
    actor: {
      tenant,
      accountId: session.accountId,
      patientId: session.patientId,
      locale: await getLocale(),
      origin: requestOriginFrom(headers),
      preferredChannel,
    },
  };
}
