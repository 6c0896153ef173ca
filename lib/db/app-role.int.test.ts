import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { recordAudit } from '@/lib/audit/record-audit';
import { createDatabase } from '@/lib/db/client';
import { startPgBoss } from '@/lib/jobs/pg-boss';
import { publishDeskEvent } from '@/lib/realtime/desk-events';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { uniqueSlug } from '@/lib/testing/database';
import { grantAppRole, roleOfUrl } from './app-role';

/** Everything here runs as the app's own role, as the web servers connect (not as the owner). */
const appUrl = inject('appDatabaseUrl');
const appDatabase = createDatabase(appUrl);
afterAll(async () => {
  await appDatabase.$disconnect();
});

async function asApp<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function auditedTenant(): Promise<{ tenantId: string; auditId: bigint }> {
  const tenant = await createTenant(appDatabase, {
    slug: uniqueSlug('roles'),
    displayName: 'Roles Clinic',
    timeZone: 'UTC',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:oid:1.2',
  });
  await recordAudit(appDatabase, {
    tenantId: tenant.id,
    actor: { type: 'staff', id: 'staff-1', role: 'admin' },
    action: 'patient.read',
    outcome: 'success',
    patientId: 'pat-1',
  });
  const row = await appDatabase.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id } });
  return { tenantId: tenant.id, auditId: row.id };
}

describe('the app database role', () => {
  it('is neither a superuser nor the owner of any app table', async () => {
    const role = await asApp((client) =>
      client.query<{ rolsuper: boolean; owned: string }>(
        `SELECT rolsuper,
                (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user)::text
                  AS owned
           FROM pg_roles WHERE rolname = current_user`,
      ),
    );
    expect(role.rows[0]).toEqual({ rolsuper: false, owned: '0' });
    expect(roleOfUrl(appUrl)).not.toBe(roleOfUrl(inject('databaseUrl')));
  });

  it('cannot get around the append-only audit log: no trigger switch, replica mode, update, delete', async () => {
    const { auditId } = await auditedTenant();
    const attempts = [
      'ALTER TABLE "AuditEvent" DISABLE TRIGGER USER',
      'ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL',
      'SET session_replication_role = replica',
      `UPDATE "AuditEvent" SET action = 'forged' WHERE id = ${auditId}`,
      `DELETE FROM "AuditEvent" WHERE id = ${auditId}`,
      'TRUNCATE "AuditEvent"',
      'DROP TRIGGER "AuditEvent_refuse_update_delete" ON "AuditEvent"',
      'ALTER TABLE "Tenant" ADD COLUMN forged text',
      'DROP TABLE "AuditEvent"',
      `DELETE FROM _prisma_migrations`,
    ];
    for (const statement of attempts)
      await expect(
        asApp((client) => client.query(statement)),
        statement,
      ).rejects.toMatchObject({ code: '42501' });
    const kept = await appDatabase.auditEvent.findUniqueOrThrow({ where: { id: auditId } });
    expect(kept.action).toBe('patient.read');
  });

  it('does the app’s ordinary work: rows, audit inserts and reads, desk events with NOTIFY, job queue', async () => {
    const { tenantId } = await auditedTenant();
    expect(await appDatabase.auditEvent.count({ where: { tenantId } })).toBe(1);
    await appDatabase.$transaction((tx) =>
      publishDeskEvent(tx, { tenantId, locationId: 'loc-1', appointmentId: 'appt-1', status: 'arrived' }),
    );
    expect(await appDatabase.deskEvent.count({ where: { tenantId } })).toBe(1);
    await appDatabase.tenant.update({ where: { id: tenantId }, data: { displayName: 'Renamed Clinic' } });
    const migrations = await appDatabase.$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM _prisma_migrations`;
    expect(Number(migrations[0]?.count)).toBeGreaterThan(0);

    // pg-boss creates its tables (one per queue) at run time, in a schema the owner hands to the role.
    const schema = 'pgboss_app_role_test';
    await grantAppRole(inject('databaseUrl'), { role: roleOfUrl(appUrl), jobQueueSchemas: [schema] });
    const boss = await startPgBoss(appUrl, schema);
    try {
      await boss.createQueue('role-check');
      const jobId = await boss.send('role-check', { tenantId });
      const [job] = await boss.fetch<{ tenantId: string }>('role-check');
      expect(job?.id).toBe(jobId);
      expect(job?.data.tenantId).toBe(tenantId);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
