import { spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { enrolmentCodeIsLive } from '@/lib/auth/staff-second-factor/enrolment-code';
import { createDatabase } from '@/lib/db/client';
import { createStaffUser } from '@/lib/identity/staff/create-staff-user';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { uniqueSlug } from '@/lib/testing/database';

function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['tsx', script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command-line start-up checks', () => {
  it('stops with a message naming DATABASE_URL, and no password, when the database cannot be reached', () => {
    const result = runScript('scripts/migrate.ts', [], {
      DATABASE_URL: 'postgresql://app:hunter2-secret@127.0.0.1:1/scheduling',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Cannot reach PostgreSQL at DATABASE_URL (127.0.0.1:1/scheduling)');
    expect(result.stderr + result.stdout).not.toContain('hunter2-secret');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with a message naming a malformed setting', () => {
    const result = runScript('scripts/migrate.ts', [], { DATABASE_URL: 'not a url', EMBEDDED_POSTGRES_PORT: '99999' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: must be a PostgreSQL URL');
    expect(result.stderr).toContain('EMBEDDED_POSTGRES_PORT');
  });
});

describe('tenant:add', () => {
  const databaseUrl = inject('databaseUrl');

  it('onboards a clinic into the configured database', async () => {
    const slug = uniqueSlug('cli');
    const result = runScript(
      'scripts/tenant-add.ts',
      [
        '--slug',
        slug,
        '--name',
        'Eastgate Family Practice',
        '--time-zone',
        'America/New_York',
        '--fhir-base-url',
        'https://ehr.eastgate.example/R4',
        '--mrn-system',
        'urn:oid:1.2.3.4',
        '--fhir-auth',
        'bearer',
        '--fhir-token',
        'static-token',
      ],
      { DATABASE_URL: databaseUrl },
    );
    expect(result.stderr).not.toContain('✖');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Patients use /${slug}`);
    const database = createDatabase(databaseUrl);
    try {
      const tenant = await getTenantBySlug(database, slug);
      expect(tenant).toMatchObject({
        displayName: 'Eastgate Family Practice',
        fhirAuth: { type: 'bearer', token: 'static-token' },
      });
    } finally {
      await database.$disconnect();
    }
  });

  it('keeps a scope the EHR asks for, and reports the unreachable EHR in its check', async () => {
    const slug = uniqueSlug('cli');
    const result = runScript(
      'scripts/tenant-add.ts',
      [
        ...['--slug', slug, '--name', 'Scoped Clinic', '--time-zone', 'America/Chicago'],
        ...['--fhir-base-url', 'http://127.0.0.1:1/fhir', '--mrn-system', 'urn:oid:1.2.3.5'],
        ...['--fhir-auth', 'smart-client-secret', '--token-url', 'http://127.0.0.1:1/token'],
        ...['--client-id', 'app', '--client-secret', 'secret', '--scope', 'system/*.cruds'],
      ],
      { DATABASE_URL: databaseUrl },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('MISSING  CapabilityStatement');
    const database = createDatabase(databaseUrl);
    try {
      const tenant = await getTenantBySlug(database, slug);
      expect(tenant?.fhirAuth).toMatchObject({ type: 'smart-client-secret', scope: 'system/*.cruds' });
      expect(tenant?.ehrCheck?.bookingAllowed).toBe(false);
    } finally {
      await database.$disconnect();
    }
  });

  it('explains every invalid flag and adds nothing', async () => {
    const slug = uniqueSlug('cli');
    const result = runScript(
      'scripts/tenant-add.ts',
      [
        '--slug',
        slug,
        '--name',
        'Bad Clinic',
        '--time-zone',
        'Nowhere/Land',
        '--fhir-base-url',
        'https://ehr.example/R4',
        '--mrn-system',
        'urn:oid:1',
        '--fhir-auth',
        'smart-client-secret',
      ],
      { DATABASE_URL: databaseUrl },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('timeZone must be an IANA time zone');
    expect(result.stderr).toContain('fhirAuth.tokenUrl');
    const database = createDatabase(databaseUrl);
    try {
      expect(await getTenantBySlug(database, slug)).toBeNull();
    } finally {
      await database.$disconnect();
    }
  });
  it('answers an unknown flag with the problem and the usage, not a stack trace', () => {
    const result = runScript('scripts/tenant-add.ts', ['--slug', 'x', '--colour', 'blue'], {
      DATABASE_URL: databaseUrl,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--colour'");
    expect(result.stderr).toContain('Usage: npm run tenant:add --');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses control characters in names and link-local or metadata FHIR URLs unless allowed', async () => {
    const flags = (slug: string, name: string, baseUrl: string): string[] => [
      '--slug',
      slug,
      '--name',
      name,
      '--time-zone',
      'America/New_York',
      '--fhir-base-url',
      baseUrl,
      '--mrn-system',
      'urn:oid:1.2.3.4',
    ];
    const control = uniqueSlug('cli');
    const controlled = runScript('scripts/tenant-add.ts', flags(control, 'Bad\u0007Clinic', 'https://ehr.example/R4'), {
      DATABASE_URL: databaseUrl,
    });
    expect(controlled.status).toBe(1);
    expect(controlled.stderr).toContain('displayName must not contain control characters');
    const metadata = uniqueSlug('cli');
    const refused = runScript(
      'scripts/tenant-add.ts',
      flags(metadata, 'Metadata Clinic', 'http://169.254.169.254/R4'),
      {
        DATABASE_URL: databaseUrl,
      },
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('fhirBaseUrl is a link-local or cloud metadata address');
    const database = createDatabase(databaseUrl);
    try {
      expect(await getTenantBySlug(database, control)).toBeNull();
      expect(await getTenantBySlug(database, metadata)).toBeNull();
      // Allowed explicitly (an EHR really reachable only there): the same settings are stored.
      const allowed = await createTenant(
        database,
        {
          slug: uniqueSlug('cli'),
          displayName: 'Link Local Clinic',
          timeZone: 'America/New_York',
          fhirBaseUrl: 'http://169.254.10.20/R4',
          mrnSystem: 'urn:oid:1.2.3.4',
        },
        { allowLinkLocalEndpoints: true },
      );
      expect(allowed.fhirBaseUrl).toBe('http://169.254.10.20/R4');
    } finally {
      await database.$disconnect();
    }
  });
});

describe('staff:enrolment-code', () => {
  const databaseUrl = inject('databaseUrl');

  it('prints a one-time code for a clinic’s administrator, stored only as its hash, and audits it', async () => {
    const database = createDatabase(databaseUrl);
    try {
      const tenant = await createTenant(database, {
        slug: uniqueSlug('cli-2fa'),
        displayName: 'Northgate Clinic',
        timeZone: 'UTC',
        fhirBaseUrl: 'https://ehr.northgate.example/R4',
        mrnSystem: 'urn:oid:1.2',
      });
      const admin = await createStaffUser(database, tenant.id, {
        email: 'first.admin@northgate.example',
        displayName: 'First Admin',
        password: 'a long first admin password',
        role: 'admin',
      });
      const result = runScript(
        'scripts/staff-enrolment-code.ts',
        ['--tenant', tenant.slug, '--email', 'First.Admin@northgate.example'],
        { DATABASE_URL: databaseUrl },
      );
      expect(result.stderr).not.toContain('✖');
      expect(result.status).toBe(0);
      const code = /Enrolment code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(result.stdout)?.[1] ?? '';
      expect(await enrolmentCodeIsLive(database, { tenantId: tenant.id, staffUserId: admin.id, code })).toBe(true);
      const stored = await database.staffEnrolmentCode.findUniqueOrThrow({ where: { staffUserId: admin.id } });
      expect(JSON.stringify(stored)).not.toContain(code.replaceAll('-', ''));
      expect(
        await database.auditEvent.count({ where: { tenantId: tenant.id, action: 'staff.enrolment_code_issued' } }),
      ).toBe(1);

      const unknown = runScript(
        'scripts/staff-enrolment-code.ts',
        ['--tenant', tenant.slug, '--email', 'nobody@northgate.example'],
        { DATABASE_URL: databaseUrl },
      );
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('There is no staff member nobody@northgate.example at Northgate Clinic.');
    } finally {
      await database.$disconnect();
    }
  });
});
