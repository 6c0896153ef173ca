import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/db/client';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { startTestFhirSandbox, type TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { reissueQrCode } from './reissue-qr-code';
import { revokeQrCode } from './revoke-qr-code';
import { ensurePatientAccount, type PatientAccount } from './patient-account';
import { QR_LOGIN_PER_TOKEN, signInWithQrCode } from './qr-login';
import { issueQrLoginToken } from './qr-login-token';

const database = testDatabase();
const mrnSystem = 'https://lakeside-health.example/fhir/mrn';
const { adult } = DEMO_PATIENTS;
let sandbox: TestFhirSandbox;
let tenant: Tenant;
let otherTenant: Tenant;
let provider: SchedulingProvider;
let account: PatientAccount;
let patientId = '';
let sequence = 0;

beforeAll(async () => {
  sandbox = await startTestFhirSandbox(inject('databaseServerUrl'));
  const partition = await sandbox.createPartition('qrlogin');
  await seedPartition(sandbox.databaseUrl, 'qrlogin', {
    mrnSystem,
    timeZone: 'America/Chicago',
    startDate: '2031-06-02',
    days: 1,
    practitioners: 1,
    patients: 6,
  });
  const fhirAuth = {
    type: 'smart-client-secret' as const,
    tokenUrl: partition.tokenUrl,
    clientId: partition.clientId,
    clientSecret: partition.clientSecret,
  };
  tenant = await createTenant(database, {
    slug: uniqueSlug('qrl'),
    displayName: 'Lakeside',
    timeZone: 'America/Chicago',
    fhirBaseUrl: partition.baseUrl,
    mrnSystem,
    fhirAuth,
  });
  otherTenant = await createTenant(database, {
    slug: uniqueSlug('qrl-other'),
    displayName: 'Other',
    timeZone: 'America/Chicago',
    fhirBaseUrl: partition.baseUrl,
    mrnSystem,
    fhirAuth,
  });
  provider = createFhirProvider(tenant);
  patientId = (await provider.findPatientByMrn(adult.mrn))?.id ?? '';
  account = await ensurePatientAccount(database, tenant.id, patientId);
}, 120_000);

afterAll(async () => {
  await sandbox.close();
});

/** A fresh request identity, so that the per-IP limit of one test does not spill into another. */
function origin(): { ip: string; userAgent: string; requestId: string } {
  sequence += 1;
  return {
    ip: `192.0.2.${sequence}`,
    userAgent: 'vitest',
    requestId: `req-qr-${sequence}-${Math.random().toString(36).slice(2, 8)}`,
  };
}

async function audit(requestId: string): Promise<{ action: string; outcome: string; reason: unknown }[]> {
  return (await database.auditEvent.findMany({ where: { requestId }, orderBy: { id: 'asc' } })).map((event) => ({
    action: event.action,
    outcome: event.outcome,
    reason: (event.detail as Record<string, unknown> | null)?.reason ?? null,
  }));
}

describe('QR code login', () => {
  it('signs in with the token and the right birth date, records the use and audits it', async () => {
    const { token } = await issueQrLoginToken(database, { tenantId: tenant.id, patientAccountId: account.id });
    const from = origin();
    const result = await signInWithQrCode(
      { database, provider },
      { tenant, token, birthDate: adult.birthDate, origin: from },
    );
    expect(result).toMatchObject({ status: 'signed-in', patientId, account: { id: account.id } });
    const row = await database.qrLoginToken.findFirstOrThrow({
      where: { patientAccountId: account.id, revokedAt: null },
    });
    expect(row.lastUsedAt).not.toBeNull();
    expect(await audit(from.requestId)).toEqual([
      { action: 'qr.used', outcome: 'success', reason: null },
      { action: 'patient.login', outcome: 'success', reason: null },
    ]);
  });

  it('answers forged, expired, revoked, other clinics’ tokens and wrong birth dates alike, auditing each', async () => {
    const wrongBirth = await issueQrLoginToken(database, { tenantId: tenant.id, patientAccountId: account.id });
    const expired = await issueQrLoginToken(database, {
      tenantId: tenant.id,
      patientAccountId: account.id,
      ttlDays: 1,
      now: new Date(Date.now() - 2 * 86_400_000),
    });
    const revoked = await issueQrLoginToken(database, { tenantId: tenant.id, patientAccountId: account.id });
    await revokeQrCode({ database }, { tenant, accountId: account.id, patientId, origin: origin() });
    const current = await issueQrLoginToken(database, { tenantId: tenant.id, patientAccountId: account.id });
    const forged = `${current.token.slice(0, -2)}${current.token.endsWith('AA') ? 'BB' : 'AA'}`;
    const cases: { label: string; tenant: Tenant; token: string; birthDate: string; reason: string }[] = [
      { label: 'forged', tenant, token: forged, birthDate: adult.birthDate, reason: 'invalid_token' },
      {
        label: 'not a token at all',
        tenant,
        token: 'not-a-token',
        birthDate: adult.birthDate,
        reason: 'invalid_token',
      },
      { label: 'expired', tenant, token: expired.token, birthDate: adult.birthDate, reason: 'invalid_token' },
      { label: 'revoked', tenant, token: revoked.token, birthDate: adult.birthDate, reason: 'invalid_token' },
      { label: 'replaced', tenant, token: wrongBirth.token, birthDate: adult.birthDate, reason: 'invalid_token' },
      {
        label: 'another clinic',
        tenant: otherTenant,
        token: current.token,
        birthDate: adult.birthDate,
        reason: 'invalid_token',
      },
      {
        label: 'wrong birth date',
        tenant,
        token: current.token,
        birthDate: '1975-09-29',
        reason: 'birth_date_mismatch',
      },
      {
        label: 'malformed birth date',
        tenant,
        token: current.token,
        birthDate: '30/09/1975',
        reason: 'malformed_birth_date',
      },
    ];
    for (const attempt of cases) {
      const from = origin();
      const result = await signInWithQrCode(
        { database, provider },
        { tenant: attempt.tenant, token: attempt.token, birthDate: attempt.birthDate, origin: from },
      );
      expect({ label: attempt.label, result }).toEqual({ label: attempt.label, result: { status: 'invalid' } });
      expect(await audit(from.requestId)).toEqual([
        { action: 'patient.login', outcome: 'failure', reason: attempt.reason },
      ]);
    }
    const row = await database.qrLoginToken.findFirstOrThrow({
      where: { patientAccountId: account.id, revokedAt: null },
    });
    expect(row.lastUsedAt).toBeNull();
  });

  it('codes last the configured days; off ends every session; guesses per token capped across instances', async () => {
    const before = await database.patientAccount.findUniqueOrThrow({ where: { id: account.id } });
    const made = await reissueQrCode(
      { database, appBaseUrl: 'https://book.example', qrLoginDays: 30 },
      { tenant, accountId: account.id, patientId, origin: origin() },
    );
    expect(Math.round((Date.parse(made.expiresAt) - Date.now()) / 86_400_000)).toBe(30);
    await revokeQrCode({ database }, { tenant, accountId: account.id, patientId, origin: origin() });
    expect((await database.patientAccount.findUniqueOrThrow({ where: { id: account.id } })).sessionVersion).toBe(
      before.sessionVersion + 1,
    );

    const { token } = await issueQrLoginToken(database, { tenantId: tenant.id, patientAccountId: account.id });
    const otherInstance = createDatabase(inject('databaseUrl'));
    try {
      const statuses: string[] = [];
      for (let attempt = 0; attempt < QR_LOGIN_PER_TOKEN.limit; attempt += 1) {
        const result = await signInWithQrCode(
          { database: attempt % 2 === 0 ? database : otherInstance, provider },
          { tenant, token, birthDate: `1975-01-${String(attempt + 10)}`, origin: origin() },
        );
        statuses.push(result.status);
      }
      const last = await signInWithQrCode(
        { database: otherInstance, provider },
        { tenant, token, birthDate: adult.birthDate, origin: origin() },
      );
      expect([...statuses, last.status]).toEqual([
        ...Array<string>(QR_LOGIN_PER_TOKEN.limit).fill('invalid'),
        'rate_limited',
      ]);
    } finally {
      await otherInstance.$disconnect();
    }
  });
});
