import { describe, expect, it } from 'vitest';
import { ensurePatientAccount } from '@/lib/identity/patient/patient-account';
import { logoutEverywhere } from '@/lib/identity/patient/logout-everywhere';
import { reviewProblemNotifications } from '@/lib/notify/review-problem-notifications';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { uniqueSlug, testDatabase } from '@/lib/testing/database';
import { exportAuditLog } from './export-audit-log';
import { auditFilterSchema } from './list-audit';
import { viewAuditLog } from './view-audit-log';

const database = testDatabase();
const staff = { id: 'staff-admin', role: 'admin' };
/** These clinics' logs name no patients, so the EHR is never asked (view-audit-log.int.test.ts names them). */
const noEhr = {
  getPatients: (): Promise<never> => Promise.reject(new Error('the EHR should not be asked')),
  findPatientByMrn: (): Promise<never> => Promise.reject(new Error('the EHR should not be asked')),
};

async function clinic(): Promise<string> {
  const tenant = await createTenant(database, {
    slug: uniqueSlug('audit-uc'),
    displayName: 'Audit Use-case Clinic',
    timeZone: 'UTC',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:oid:1.2',
  });
  return tenant.id;
}

describe('reading the audit log is itself audited', () => {
  it('viewAuditLog returns the matching events and records the reading', async () => {
    const tenantId = await clinic();
    const { rows } = await viewAuditLog(
      { database, provider: noEhr },
      { tenantId, staff, filter: auditFilterSchema.parse({}) },
    );
    expect(rows).toEqual([]);
    const recorded = await database.auditEvent.findMany({ where: { tenantId } });
    expect(recorded).toMatchObject([
      { actorType: 'staff', actorId: 'staff-admin', actorRole: 'admin', action: 'audit.read', outcome: 'success' },
    ]);
    expect(recorded[0]?.detail).toEqual({ rows: 0 });
  });

  it('exportAuditLog answers CSV and records the export with the request origin', async () => {
    const tenantId = await clinic();
    await viewAuditLog({ database, provider: noEhr }, { tenantId, staff, filter: auditFilterSchema.parse({}) });
    const csv = await exportAuditLog(
      { database },
      { tenantId, staff, filter: auditFilterSchema.parse({}), origin: { requestId: 'req-export01', ip: '10.0.0.9' } },
    );
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain('audit.read');
    const exported = await database.auditEvent.findFirst({ where: { tenantId, action: 'audit.export' } });
    expect(exported).toMatchObject({ requestId: 'req-export01', ip: '10.0.0.9', detail: { rows: 1 } });
  });

  it('reviewProblemNotifications records the reading of undelivered messages', async () => {
    const tenantId = await clinic();
    expect(await reviewProblemNotifications({ database }, { tenantId, staff })).toEqual([]);
    const recorded = await database.auditEvent.findFirst({ where: { tenantId, action: 'notifications.read' } });
    expect(recorded).toMatchObject({ actorId: 'staff-admin', outcome: 'success', detail: { rows: 0 } });
  });
});

describe('log out everywhere', () => {
  it('bumps the session version and audits it', async () => {
    const tenantId = await clinic();
    const account = await ensurePatientAccount(database, tenantId, 'patient-lo-1');
    const before = await database.patientAccount.findUniqueOrThrow({ where: { id: account.id } });
    await logoutEverywhere(
      { database },
      { tenantId, accountId: account.id, patientId: 'patient-lo-1', origin: { requestId: 'req-logout01' } },
    );
    const after = await database.patientAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    const recorded = await database.auditEvent.findFirst({ where: { tenantId, action: 'patient.logout_everywhere' } });
    expect(recorded).toMatchObject({ actorType: 'patient', actorId: account.id, patientId: 'patient-lo-1' });
  });
});
