/**
 * `npm run staff:add -- --tenant demo --email dana@clinic.example --name "Dana Reyes" --role front_desk
 *    [--location <FHIR Location id> ...]` with the password in STAFF_PASSWORD (kept out of shell history),
 * or `--password` for scripted setups.
 */
import { createStaffUser } from '@/lib/identity/staff/create-staff-user';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { fail, loadLauncherConfig, openMigratedDatabase, parseCliArgs, runCli } from './cli';

const { values } = parseCliArgs(
  {
    tenant: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'front_desk' },
    location: { type: 'string', multiple: true, default: [] },
    password: { type: 'string' },
  },
  'npm run staff:add -- --tenant SLUG --email E --name N [--role front_desk|admin] [--location ID ...]',
);

void runCli(async () => {
  if (!values.tenant) fail('--tenant is required (the clinic slug).');
  const password = values.password ?? process.env.STAFF_PASSWORD;
  if (!password) fail('Set the password in STAFF_PASSWORD (or pass --password).');
  const { database, close } = await openMigratedDatabase(loadLauncherConfig());
  try {
    const tenant = await getTenantBySlug(database, values.tenant);
    if (!tenant) fail(`There is no clinic "${values.tenant}".`);
    const staff = await createStaffUser(database, tenant.id, {
      email: values.email ?? '',
      displayName: values.name ?? '',
      password,
      role: values.role as 'front_desk' | 'admin',
      locationIds: values.location,
    });
    const role = staff.role === 'admin' ? 'administrator' : 'front desk';
    console.log(`Added ${role} ${staff.email} to ${tenant.displayName}. Sign in at /${tenant.slug}/staff/login`);
  } finally {
    await close();
  }
});
