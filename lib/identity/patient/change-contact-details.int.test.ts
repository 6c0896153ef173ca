import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Notifier } from '@/lib/notify/notifier';
import { startQueue } from '@/lib/notify/queue';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { PatientSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import { appErrorOf } from '@/lib/testing/error-code';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import {
  changeAddress,
  confirmContactChange,
  startContactChange,
  type ContactChangeActor,
} from './change-contact-details';
import { ensurePatientAccount } from './patient-account';

const database = testDatabase();
let sandbox: TestFhirSandbox;
let boss: PgBoss;
let tenant: Tenant;
let provider: SchedulingProvider;
let notifier: Notifier;

beforeAll(async () => {
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'contact',
    seed: { days: 1, practitioners: 1, patients: 4 },
  }));
  provider = createFhirProvider(tenant);
  boss = await startQueue(inject('databaseUrl'), 'pgboss_contact_test');
  notifier = outboxNotifier(database, boss);
}, 120_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await sandbox.close();
});

async function newPatient(): Promise<{ patient: PatientSummary; actor: ContactChangeActor }> {
  const patient = await provider.createPatient({
    given: 'Lena',
    family: `Okafor${Date.now()}`,
    birthDate: '1984-08-08',
    gender: 'female',
    phone: '+13125550188',
    email: 'lena@example.com',
  });
  const account = await ensurePatientAccount(database, tenant.id, patient.id);
  return {
    patient,
    actor: {
      tenant,
      accountId: account.id,
      patientId: patient.id,
      locale: 'en',
      origin: { requestId: `req-contact-${patient.id}` },
    },
  };
}

/** The code handed to the notifier for the new contact point (the real notifier still sends it). */
function captureCodes(): { codes: string[]; recipients: string[] } {
  const seen = { codes: [] as string[], recipients: [] as string[] };
  const send = notifier.sendOtp.bind(notifier);
  vi.spyOn(notifier, 'sendOtp').mockImplementation(async (input) => {
    seen.codes.push(input.code);
    seen.recipients.push(input.contact.value);
    return send(input);
  });
  return seen;
}

describe('a patient changing their contact details', () => {
  it('proves a new phone with a code sent to it, then writes it to the EHR; audited', async () => {
    const { patient, actor } = await newPatient();
    const seen = captureCodes();
    const started = await startContactChange(
      { database, provider, notifier, secret: 'test-secret-of-32-characters-long!' },
      actor,
      { kind: 'sms', value: '(312) 555-0199' },
    );
    expect(started.sentTo).toBe('***-***-0199');
    expect(seen.recipients).toEqual(['+13125550199']);
    // Nothing is written before the code comes back.
    expect((await provider.getPatient(patient.id)).contacts.map((contact) => contact.value)).toContain('+13125550188');

    const wrong = await appErrorOf(
      confirmContactChange({ database, provider, notifier, secret: 'test-secret-of-32-characters-long!' }, actor, {
        changeId: started.changeId,
        code: seen.codes[0] === '000000' ? '111111' : '000000',
      }),
    );
    expect(wrong?.reason).toBe('signIn.patientCodeTriesLeft');
    const confirmed = await confirmContactChange(
      { database, provider, notifier, secret: 'test-secret-of-32-characters-long!' },
      actor,
      { changeId: started.changeId, code: seen.codes[0] ?? '' },
    );
    expect(confirmed.contacts).toEqual([
      { kind: 'sms', masked: '***-***-0199' },
      { kind: 'email', masked: 'l***@example.com' },
    ]);
    const phones = (await provider.getPatient(patient.id)).contacts.filter((contact) => contact.kind === 'phone');
    expect(phones.map((contact) => contact.value)).toEqual(['+13125550199']);
    // A code works once.
    const again = await appErrorOf(
      confirmContactChange({ database, provider, notifier, secret: 'test-secret-of-32-characters-long!' }, actor, {
        changeId: started.changeId,
        code: seen.codes[0] ?? '',
      }),
    );
    expect(again?.reason).toBe('signIn.patientCode');
    const actions = (
      await database.auditEvent.findMany({ where: { requestId: actor.origin.requestId }, orderBy: { id: 'asc' } })
    ).map((row) => `${row.action}:${row.outcome}`);
    expect(actions).toEqual([
      'patient.contact_change:success',
      'patient.contact_change:failure',
      'patient.update:success',
      'patient.contact_change:failure',
    ]);
    vi.restoreAllMocks();
  });

  it('refuses another patient’s code and a phone that is not a number, writing nothing', async () => {
    const first = await newPatient();
    const second = await newPatient();
    const seen = captureCodes();
    const deps = { database, provider, notifier, secret: 'test-secret-of-32-characters-long!' };
    const started = await startContactChange(deps, first.actor, { kind: 'email', value: 'Lena.New@Example.org' });
    expect(seen.recipients).toEqual(['lena.new@example.org']);
    const stolen = await appErrorOf(
      confirmContactChange(deps, second.actor, { changeId: started.changeId, code: seen.codes[0] ?? '' }),
    );
    expect(stolen?.reason).toBe('signIn.patientCode');
    expect((await provider.getPatient(second.patient.id)).contacts.map((contact) => contact.value)).not.toContain(
      'lena.new@example.org',
    );
    expect((await appErrorOf(startContactChange(deps, first.actor, { kind: 'sms', value: '12' })))?.reason).toBe(
      'contact.phoneInvalid',
    );
    vi.restoreAllMocks();
  });

  it('writes a new home address at once', async () => {
    const { patient, actor } = await newPatient();
    const result = await changeAddress({ database, provider }, actor, {
      line: '233 S Wacker Dr',
      city: 'Chicago',
      state: 'IL',
      postalCode: '60606',
    });
    expect(result.address).toEqual({ lines: ['233 S Wacker Dr'], city: 'Chicago', state: 'IL', postalCode: '60606' });
    expect((await provider.getPatient(patient.id)).address?.lines).toEqual(['233 S Wacker Dr']);
  });
});
