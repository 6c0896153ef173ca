import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { uniqueSlug, testDatabase } from '@/lib/testing/database';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { recordAudit } from './record-audit';

const database = testDatabase();

async function withRawClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('the audit log', () => {
  it('records who did what, with the request origin', async () => {
    const tenant = await createTenant(database, {
      slug: uniqueSlug('audit'),
      displayName: 'Audit Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1.2',
    });
    await recordAudit(database, {
      tenantId: tenant.id,
      actor: { type: 'staff', id: 'staff-1', role: 'admin' },
      action: 'patient.read',
      outcome: 'success',
      patientId: 'pat-9',
      origin: { requestId: 'req-abcdef01', ip: '10.1.2.3', userAgent: 'test-agent' },
    });
    const rows = await database.auditEvent.findMany({ where: { tenantId: tenant.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorType: 'staff',
      actorId: 'staff-1',
      actorRole: 'admin',
      action: 'patient.read',
      outcome: 'success',
      patientId: 'pat-9',
      requestId: 'req-abcdef01',
      ip: '10.1.2.3',
      userAgent: 'test-agent',
    });
  });

  it('cannot be changed, deleted or truncated, even with direct SQL', async () => {
    const tenant = await createTenant(database, {
      slug: uniqueSlug('audit'),
      displayName: 'Audit Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1.2',
    });
    await recordAudit(database, {
      tenantId: tenant.id,
      actor: { type: 'anonymous' },
      action: 'staff.login',
      outcome: 'failure',
    });
    await withRawClient(async (client) => {
      await expect(
        client.query(`UPDATE "AuditEvent" SET outcome = 'success' WHERE "tenantId" = $1`, [tenant.id]),
      ).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM "AuditEvent" WHERE "tenantId" = $1`, [tenant.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    });
    await expect(database.auditEvent.deleteMany({ where: { tenantId: tenant.id } })).rejects.toThrow();
    const rows = await database.auditEvent.findMany({ where: { tenantId: tenant.id } });
    expect(rows.map((row) => row.outcome)).toEqual(['failure']);
  });
});
