/**
 * `npm run tenant:add -- --slug riverside --name "Riverside Clinic" --time-zone America/New_York \
 *    --fhir-base-url https://ehr.example/fhir/R4 --mrn-system urn:oid:1.2.3.4 [--phone "(555) 010-0000"] \
 *    [--fhir-auth bearer --fhir-token TOKEN] \
 *    [--fhir-auth smart-client-secret --token-url URL --client-id ID --client-secret SECRET] \
 *    [--fhir-auth smart-private-key-jwt --token-url URL --client-id ID --private-key-file key.pem \
 *     --key-id KID --algorithm RS384] [--scope "system/*.cruds"] \
 *    [--booking-mode auto|slot-transactions|operations]`
 * or `npm run tenant:add -- --from-json clinic.json` (the same fields as lib/tenancy/tenant-settings.ts).
 *
 * Onboards a clinic into the running deployment: no rebuild, no restart. Every replica serves it on the
 * next request. FHIR and token URLs on link-local or cloud metadata addresses (169.254.0.0/16, ...) are
 * refused unless `--allow-link-local`. Then runs the onboarding check of its EHR (see
 * scripts/tenant-check.ts). `--scope` is only for an EHR that wants a particular scope string;
 * unset, the app asks for one scope covering everything it reads and writes. `--booking-mode` forces
 * how the clinic books (default `auto`: the IHE scheduling operations where the EHR declares them);
 * the check's "Booking mode" line says which one is used.
 */
import { readFileSync } from 'node:fs';
import { checkClinicEhr, formatEhrCheckReport } from '@/lib/onboarding/check-clinic-ehr';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { NewTenant } from '@/lib/tenancy/tenant-settings';
import { fail, loadLauncherConfig, openMigratedDatabase, parseCliArgs, runCli } from './cli';

const { values } = parseCliArgs(
  {
    'from-json': { type: 'string' },
    slug: { type: 'string' },
    name: { type: 'string' },
    'time-zone': { type: 'string' },
    phone: { type: 'string' },
    'fhir-base-url': { type: 'string' },
    'mrn-system': { type: 'string' },
    'fhir-auth': { type: 'string', default: 'none' },
    'fhir-token': { type: 'string' },
    'token-url': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'private-key-file': { type: 'string' },
    'key-id': { type: 'string' },
    algorithm: { type: 'string' },
    scope: { type: 'string' },
    'booking-mode': { type: 'string' },
    'allow-link-local': { type: 'boolean', default: false },
  },
  'npm run tenant:add -- --slug S --name N --time-zone TZ --fhir-base-url URL --mrn-system URI ' +
    '[--phone P] [--fhir-auth none|bearer|smart-client-secret|smart-private-key-jwt ...] [--scope S] ' +
    '[--booking-mode auto|slot-transactions|operations] ' +
    '[--allow-link-local] | --from-json clinic.json (README: Other commands)',
);

function fhirAuthFromFlags(): unknown {
  switch (values['fhir-auth']) {
    case 'bearer':
      return { type: 'bearer', token: values['fhir-token'] };
    case 'smart-client-secret':
      return {
        type: 'smart-client-secret',
        tokenUrl: values['token-url'],
        clientId: values['client-id'],
        clientSecret: values['client-secret'],
        ...(values.scope ? { scope: values.scope } : {}),
      };
    case 'smart-private-key-jwt':
      return {
        type: 'smart-private-key-jwt',
        tokenUrl: values['token-url'],
        clientId: values['client-id'],
        privateKeyPem: values['private-key-file'] ? readFileSync(values['private-key-file'], 'utf8') : undefined,
        keyId: values['key-id'],
        algorithm: values.algorithm,
        ...(values.scope ? { scope: values.scope } : {}),
      };
    default:
      return { type: values['fhir-auth'] };
  }
}

function readInput(): NewTenant {
  const file = values['from-json'];
  if (file) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as NewTenant;
    } catch (error) {
      fail(`Could not read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Shape is validated by createTenant; flags map one to one onto the settings.
  return {
    slug: values.slug,
    displayName: values.name,
    timeZone: values['time-zone'],
    contactPhone: values.phone,
    fhirBaseUrl: values['fhir-base-url'],
    mrnSystem: values['mrn-system'],
    fhirAuth: fhirAuthFromFlags(),
    ...(values['booking-mode'] ? { providerSettings: { bookingMode: values['booking-mode'] } } : {}),
  } as NewTenant;
}

void runCli(async () => {
  const input = readInput();
  const { database, close } = await openMigratedDatabase(loadLauncherConfig());
  try {
    const tenant = await createTenant(database, input, { allowLinkLocalEndpoints: values['allow-link-local'] });
    console.log(`Added clinic "${tenant.displayName}". Patients use /${tenant.slug}`);
    // The onboarding check, at once: the integrator sees what the EHR lacks before any patient does.
    const report = await checkClinicEhr({
      database,
      tenant,
      provider: getSchedulingProvider(tenant),
      actor: { type: 'system', id: 'tenant:add' },
    });
    console.log(`\n${formatEhrCheckReport(report, tenant.displayName)}`);
    console.log('Run `npm run tenant:check -- --slug ' + tenant.slug + '` again after changing anything.');
  } finally {
    await close();
  }
});
