/**
 * `npm run staff:enrolment-code -- --tenant demo --email admin@clinic.example [--reset]`: the operator's
 * one-time enrolment code for a staff member (the first administrator of a new clinic, or one who lost
 * every passkey with no other administrator to reset them). `--reset` also removes their passkeys and
 * ends their sessions. The code is printed once; it is stored only as a hash. Audited.
 */
import { issueEnrolmentCodeByOperator } from '@/lib/auth/staff-second-factor/issue-enrolment-code';
import { AppError } from '@/lib/errors';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { fail, loadLauncherConfig, openMigratedDatabase, parseCliArgs, runCli } from './cli';

const { values } = parseCliArgs(
  {
    tenant: { type: 'string' },
    email: { type: 'string' },
    reset: { type: 'boolean', default: false },
  },
  'npm run staff:enrolment-code -- --tenant SLUG --email E [--reset]',
);

void runCli(async () => {
  if (!values.tenant) fail('--tenant is required (the clinic slug).');
  if (!values.email) fail('--email is required (the staff member’s sign-in email).');
  const { database, close } = await openMigratedDatabase(loadLauncherConfig());
  try {
    const tenant = await getTenantBySlug(database, values.tenant);
    if (!tenant) fail(`There is no clinic "${values.tenant}".`);
    const issued = await issueEnrolmentCodeByOperator(database, {
      tenantId: tenant.id,
      email: values.email,
      reset: values.reset,
    }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found')
        fail(`There is no staff member ${values.email ?? ''} at ${tenant.displayName}.`);
      throw error;
    });
    if (values.reset) console.log(`Removed ${issued.removed} passkey(s) and ended every session of ${values.email}.`);
    console.log(`Enrolment code: ${issued.code} (works once, until ${issued.expiresAt.toISOString()}).`);
    console.log(`They sign in at /${tenant.slug}/staff/login and enter it to set up a passkey.`);
  } finally {
    await close();
  }
});
