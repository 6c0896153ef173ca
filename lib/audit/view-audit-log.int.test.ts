import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { PatientSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { auditFilterSchema } from './list-audit';
import { recordAudits } from './record-audit';
import { viewAuditLog } from './view-audit-log';

const database = testDatabase();
const admin = { id: 'staff-audit-admin', role: 'admin' };
let sandbox: TestFhirSandbox;
let tenant: Tenant;
let provider: SchedulingProvider;
let adult: PatientSummary;
let guardian: PatientSummary;

beforeAll(async () => {
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'auditlog',
  }));
  provider = createFhirProvider(tenant);
  const [a, g] = await Promise.all([
    provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn),
    provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn),
  ]);
  if (!a || !g) throw new Error('fixture patients missing');
  [adult, guardian] = [a, g];
  // Five events, oldest first: three about real patients, one about a patient the EHR no longer has.
  await recordAudits(
    database,
    [adult.id, guardian.id, 'patient-gone-from-ehr', adult.id, null].map((patientId, index) => ({
      tenantId: tenant.id,
      actor: { type: 'patient' as const, id: `account-${index}` },
      action: `appointment.booked`,
      outcome: 'success' as const,
      ...(patientId ? { patientId } : {}),
      detail: { index },
    })),
  );
}, 120_000);

afterAll(async () => {
  await sandbox.close();
});

describe('the audit log as an administrator reads it', () => {
  it('names each patient with name and MRN from the EHR, and audits each one shown', async () => {
    const startedAt = new Date();
    const page = await viewAuditLog(
      { database, provider },
      { tenantId: tenant.id, staff: admin, filter: auditFilterSchema.parse({ action: 'appointment.' }) },
    );
    expect(page.rows.map((row) => row.patient)).toEqual([
      null,
      { status: 'found', id: adult.id, name: 'James Carter', mrn: DEMO_PATIENTS.adult.mrn },
      { status: 'not_in_ehr', id: 'patient-gone-from-ehr' },
      { status: 'found', id: guardian.id, name: guardian.name.display, mrn: DEMO_PATIENTS.guardian.mrn },
      { status: 'found', id: adult.id, name: 'James Carter', mrn: DEMO_PATIENTS.adult.mrn },
    ]);
    const reads = await database.auditEvent.findMany({
      where: { tenantId: tenant.id, actorId: admin.id, action: 'patient.read', occurredAt: { gte: startedAt } },
    });
    expect(reads.map((entry) => entry.patientId).sort()).toEqual([adult.id, guardian.id].sort());
    expect(reads.every((entry) => (entry.detail as { view?: string }).view === 'audit_log')).toBe(true);
  });

  it('pages through the events newest first, forwards and back, and finds a patient by MRN', async () => {
    const filter = (extra: Record<string, string | number>): ReturnType<typeof auditFilterSchema.parse> =>
      auditFilterSchema.parse({ action: 'appointment.', limit: 2, ...extra });
    const view = (extra: Record<string, string | number>): ReturnType<typeof viewAuditLog> =>
      viewAuditLog({ database, provider }, { tenantId: tenant.id, staff: admin, filter: filter(extra) });
    const indexes = (rows: { id: string }[]): string[] => rows.map((row) => row.id);

    const first = await view({});
    expect(first.rows).toHaveLength(2);
    expect(first.newer).toBeNull();
    const second = await view({ before: first.older ?? '' });
    const third = await view({ before: second.older ?? '' });
    expect(third.rows).toHaveLength(1);
    expect(third.older).toBeNull();
    const all = [...indexes(first.rows), ...indexes(second.rows), ...indexes(third.rows)];
    expect(new Set(all).size).toBe(5);
    expect(all).toEqual([...all].sort((a, b) => Number(BigInt(b) - BigInt(a))));
    const back = await view({ after: second.newer ?? '' });
    expect(indexes(back.rows)).toEqual(indexes(first.rows));
    expect(back.newer).toBeNull();

    const typed = `${DEMO_PATIENTS.adult.mrn.slice(0, 4)}-${DEMO_PATIENTS.adult.mrn.slice(4)}`;
    const byMrn = await view({ patientId: typed, limit: 50 });
    expect(byMrn.rows.map((row) => row.patient?.id)).toEqual([adult.id, adult.id]);
  });
});
