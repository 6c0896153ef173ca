/**
 * `npm run fhir:seed [-- --partition demo --profile lenient|strict --transactions atomic|non-atomic
 *   --days 90 --practitioners 12 --patients 50 --seed 20261124 --time-zone America/Chicago]`
 * Creates the sandbox partition (with a client) and fills it with the generated demo clinic if it is
 * empty. For `demo` it goes through the demo seed, so the demo clinic's tenant gets the credentials.
 * `--profile strict` makes the partition behave like the strictest production FHIR servers;
 * `--transactions non-atomic` answers transactions as batches (for testing `tenant:check` only);
 * `--scheduling operations|operations-only` offers the IHE ITI Scheduling operations (only: no Slot writes).
 */
import { localDate } from '@/lib/time/zoned';
import { seedDemo } from '@/lib/demo/seed-demo';
import { DEMO_TENANT_SLUG, demoTenant } from '@/lib/demo/demo-tenant';
import { ensurePartition } from '@/lib/fhir-server/partitions';
import { partitionBehaviourChangeSchema, type PartitionBehaviour } from '@/lib/fhir-server/profile';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { fail, loadLauncherConfig, openMigratedDatabase, parseCliArgs, runCli } from './cli';

const { values } = parseCliArgs(
  {
    partition: { type: 'string', default: DEMO_TENANT_SLUG },
    profile: { type: 'string' },
    transactions: { type: 'string' },
    scheduling: { type: 'string' },
    days: { type: 'string', default: '90' },
    practitioners: { type: 'string', default: '12' },
    patients: { type: 'string', default: '50' },
    seed: { type: 'string', default: '20261124' },
    'time-zone': { type: 'string', default: 'America/Chicago' },
  },
  'npm run fhir:seed -- [--partition P] [--profile lenient|strict] [--transactions atomic|non-atomic] ' +
    '[--scheduling slot-writes|operations|operations-only] ' +
    '[--days N] [--practitioners N] [--patients N] [--seed N] [--time-zone TZ]',
);

function behaviourOption(): Partial<PartitionBehaviour> {
  const parsed = partitionBehaviourChangeSchema.safeParse({
    profile: values.profile,
    transactions: values.transactions,
    scheduling: values.scheduling,
  });
  if (!parsed.success)
    fail(parsed.error.issues.map((issue) => `--${issue.path.join('.')} ${issue.message}`).join('; '));
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
}

void runCli(async () => {
  const behaviour = behaviourOption();
  const config = loadLauncherConfig();
  const { server, database, close } = await openMigratedDatabase(config);
  try {
    if (!server.sandboxDatabaseUrl) fail('The FHIR sandbox needs FHIR_SANDBOX_DATABASE_URL when DATABASE_URL is set.');
    if (values.partition === DEMO_TENANT_SLUG) {
      const result = await seedDemo(database, config.APP_BASE_URL, server.sandboxDatabaseUrl, behaviour);
      console.log(
        result.fhirResources > 0
          ? `Seeded /fhir/demo with ${result.fhirResources} resources.`
          : '/fhir/demo already holds the demo clinic.',
      );
      if (result.tenant.fhirAuth.type === 'smart-client-secret')
        console.log(
          `Client credentials for /fhir/demo: client_id=${result.tenant.fhirAuth.clientId} ` +
            `client_secret=${result.tenant.fhirAuth.clientSecret}`,
        );
      return;
    }
    const credentials = await ensurePartition(server.sandboxDatabaseUrl, values.partition, behaviour);
    const timeZone = values['time-zone'];
    const result = await seedPartition(server.sandboxDatabaseUrl, values.partition, {
      mrnSystem: demoTenant(config.APP_BASE_URL).mrnSystem,
      timeZone,
      startDate: localDate(new Date(), timeZone),
      days: Number(values.days),
      practitioners: Number(values.practitioners),
      patients: Number(values.patients),
      seed: Number(values.seed),
    });
    console.log(
      result.seeded
        ? `Seeded /fhir/${values.partition} with ${result.resources} resources.`
        : `/fhir/${values.partition} was not empty; nothing added.`,
    );
    console.log(
      `Client credentials for /fhir/${values.partition}: client_id=${credentials.clientId} ` +
        `client_secret=${credentials.clientSecret}`,
    );
  } finally {
    await close();
  }
});
