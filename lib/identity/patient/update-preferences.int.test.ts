import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import { outcomeCode } from '@/lib/testing/error-code';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { getPatientProfile } from './get-patient-profile';
import { ensurePatientAccount } from './patient-account';
import { updatePatientPreferences } from './update-preferences';

const database = testDatabase();
let sandbox: TestFhirSandbox;
let tenant: Tenant;
let provider: SchedulingProvider;

beforeAll(async () => {
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'prefs',
    seed: { days: 1, practitioners: 1, patients: 4 },
  }));
  provider = createFhirProvider(tenant);
}, 120_000);

afterAll(async () => {
  await sandbox.close();
});

describe('a patient’s preferences', () => {
  it('store the channel and language on the app account, shown back on the profile, audited', async () => {
    const patient = await provider.createPatient({
      given: 'Omar',
      family: `Haddad${Date.now()}`,
      birthDate: '1980-03-03',
      gender: 'male',
      phone: '+13125550177',
      email: 'omar@example.com',
    });
    const account = await ensurePatientAccount(database, tenant.id, patient.id);
    const saved = await updatePatientPreferences(
      { database, provider },
      {
        tenant,
        accountId: account.id,
        patientId: patient.id,
        preferences: { preferredChannel: 'email', preferredLocale: 'zh' },
        origin: { requestId: 'req-prefs-ok' },
      },
    );
    expect(saved).toEqual({ preferredChannel: 'email', preferredLocale: 'zh' });
    const profile = await getPatientProfile(
      { database, provider },
      { tenant, accountId: account.id, patientId: patient.id, origin: { requestId: 'req-prefs-profile' } },
    );
    expect(profile).toMatchObject({
      mrn: patient.mrn,
      preferences: { preferredChannel: 'email', preferredLocale: 'zh' },
      qr: { active: false },
      contacts: [
        { kind: 'sms', masked: '***-***-0177' },
        { kind: 'email', masked: 'o***@example.com' },
      ],
    });
    expect(JSON.stringify(profile)).not.toContain('omar@example.com');
    const actions = (
      await database.auditEvent.findMany({
        where: { requestId: { in: ['req-prefs-ok', 'req-prefs-profile'] } },
        orderBy: { id: 'asc' },
      })
    ).map((row) => `${row.action}:${row.outcome}`);
    expect(actions).toEqual(['patient.read:success', 'patient.preferences.update:success', 'patient.read:success']);
  });

  it('refuse a channel with no such contact point on file, changing nothing', async () => {
    const patient = await provider.createPatient({
      given: 'Ines',
      family: `Moreau${Date.now()}`,
      birthDate: '1979-04-04',
      gender: 'female',
      phone: '+13125550178',
    });
    const account = await ensurePatientAccount(database, tenant.id, patient.id);
    expect(
      await outcomeCode(
        updatePatientPreferences(
          { database, provider },
          {
            tenant,
            accountId: account.id,
            patientId: patient.id,
            preferences: { preferredChannel: 'email', preferredLocale: 'es' },
            origin: { requestId: 'req-prefs-bad' },
          },
        ),
      ),
    ).toBe('invalid_input');
    expect(await database.patientAccount.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({
      preferredChannel: null,
      preferredLocale: null,
    });
    const refused = await database.auditEvent.findFirstOrThrow({
      where: { requestId: 'req-prefs-bad', action: 'patient.preferences.update' },
    });
    expect(refused).toMatchObject({ outcome: 'failure', detail: { reason: 'no_email_on_file' } });
  });
});
