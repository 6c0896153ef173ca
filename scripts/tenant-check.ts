/**
 * `npm run tenant:check -- --slug riverside [--json]`: checks that the clinic's EHR offers everything
 * the app needs (CapabilityStatement, credentials, granted scope, interactions and search parameters,
 * atomic transactions by a probe), prints each item as ok / MISSING / WRONG with what to do about it,
 * and stores the result: a clinic whose EHR fails a required item cannot take bookings online until a
 * later check passes. Exits 1 when online booking is not allowed, 0 otherwise.
 */
import { checkClinicEhr, formatEhrCheckReport } from '@/lib/onboarding/check-clinic-ehr';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { fail, loadLauncherConfig, openMigratedDatabase, parseCliArgs, runCli } from './cli';

const parsed = parseCliArgs(
  { slug: { type: 'string' }, json: { type: 'boolean', default: false } },
  'npm run tenant:check -- --slug S [--json]',
);

void runCli(async () => {
  const slug = parsed.values.slug;
  if (!slug) fail('Usage: npm run tenant:check -- --slug S [--json]');
  const { database, close } = await openMigratedDatabase(loadLauncherConfig());
  try {
    const tenant = await getTenantBySlug(database, slug);
    if (!tenant) fail(`There is no clinic with the slug "${slug}".`);
    const report = await checkClinicEhr({
      database,
      tenant,
      provider: getSchedulingProvider(tenant),
      actor: { type: 'system', id: 'tenant:check' },
    });
    console.log(
      parsed.values.json ? JSON.stringify(report, null, 2) : formatEhrCheckReport(report, tenant.displayName),
    );
    if (!report.bookingAllowed) process.exitCode = 1;
  } finally {
    await close();
  }
});
