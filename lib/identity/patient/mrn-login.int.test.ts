import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/db/client';
import { QUEUES, startQueue } from '@/lib/notify/queue';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { AppError } from '@/lib/errors';
import { recordFailure } from '@/lib/security/rate-limit';
import { LOGIN_FAILURES_PER_MRN, LOGIN_FAILURES_PER_MRN_AND_SOURCE, type LoginDeps } from './mrn-login';
import { sendLoginCode } from './send-login-code';
import { startMrnLogin } from './start-mrn-login';
import { verifyLoginCode } from './verify-login-code';

const database = testDatabase();
const mrnSystem = 'https://lakeside-health.example/fhir/mrn';
const origin = { ip: '203.0.113.7', userAgent: 'vitest', requestId: 'req-login-0001' };
let sandbox: TestFhirSandbox;
let boss: PgBoss;
let tenant: Tenant;
let deps: LoginDeps;

beforeAll(async () => {
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'login',
    seed: { days: 2, practitioners: 2, patients: 8 },
  }));
  boss = await startQueue(inject('databaseUrl'), 'pgboss_login_test');
  const notifier = outboxNotifier(database, boss);
  deps = { database, provider: createFhirProvider(tenant), notifier, secret: 'login-test-secret-login-test-secret' };
}, 120_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await sandbox.close();
});

async function codeFor(notificationRecipient: string): Promise<string> {
  const row = await database.notification.findFirst({
    where: { tenantId: tenant.id, recipient: notificationRecipient, template: 'login-code' },
    orderBy: { createdAt: 'desc' },
  });
  return /\b(\d{6})\b/.exec(row?.textBody ?? '')?.[1] ?? '';
}

describe('MRN sign-in', () => {
  it('signs in with the code sent to the chosen contact point, and audits each step', async () => {
    const { guardian } = DEMO_PATIENTS;
    const start = await startMrnLogin(deps, { tenant, mrn: guardian.mrn, birthDate: guardian.birthDate, origin });
    expect(start.contacts).toEqual([
      { id: 'c0', kind: 'sms', masked: '***-***-0101' },
      { id: 'c1', kind: 'email', masked: 'm***@example.com' },
    ]);
    const sent = await sendLoginCode(deps, { tenant, loginId: start.loginId, contactId: 'c0', locale: 'en', origin });
    expect(sent).toMatchObject({ sentTo: '***-***-0101', channel: 'sms' });
    const result = await verifyLoginCode(deps, {
      tenant,
      loginId: start.loginId,
      code: await codeFor('+13125550101'),
      origin,
    });
    expect(result.status).toBe('signed-in');
    const actions = (
      await database.auditEvent.findMany({
        where: { tenantId: tenant.id, requestId: 'req-login-0001' },
        orderBy: { id: 'asc' },
      })
    ).map((event) => `${event.action}:${event.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'patient.login.start:success',
        'patient.login.code_sent:success',
        'patient.login:success',
      ]),
    );
  });

  it('answers a wrong birth date and an unknown MRN in the same shape, with stable decoys no code opens', async () => {
    const wrongBirth = await startMrnLogin(deps, {
      tenant,
      mrn: DEMO_PATIENTS.adult.mrn,
      birthDate: '1975-09-29',
      origin,
    });
    const unknown = await startMrnLogin(deps, { tenant, mrn: '99999999', birthDate: '1975-09-29', origin });
    const again = await startMrnLogin(deps, { tenant, mrn: '99999999', birthDate: '1975-09-29', origin });
    for (const answer of [wrongBirth, unknown]) {
      expect(Object.keys(answer).sort()).toEqual(['contacts', 'loginId']);
      expect(answer.contacts.map((contact) => contact.kind)).toEqual(['sms', 'email']);
    }
    expect(again.contacts).toEqual(unknown.contacts);
    const before = await database.notification.count({ where: { tenantId: tenant.id } });
    expect(
      await sendLoginCode(deps, { tenant, loginId: unknown.loginId, contactId: 'c0', locale: 'en', origin }),
    ).toMatchObject({ channel: 'sms', sentTo: unknown.contacts[0]?.masked });
    expect(await database.notification.count({ where: { tenantId: tenant.id } })).toBe(before);
    for (const code of ['000000', '123456', '999999'])
      expect((await verifyLoginCode(deps, { tenant, loginId: unknown.loginId, code, origin })).status).not.toBe(
        'signed-in',
      );
  });

  it('refuses a reused code and another clinic’s login', async () => {
    const { adult } = DEMO_PATIENTS;
    const start = await startMrnLogin(deps, { tenant, mrn: adult.mrn, birthDate: adult.birthDate, origin });
    await sendLoginCode(deps, { tenant, loginId: start.loginId, contactId: 'c0', locale: 'en', origin });
    const code = await codeFor('+13125550102');
    const otherClinic = await createTenant(database, {
      slug: uniqueSlug('other'),
      displayName: 'Other',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem,
    });
    expect((await verifyLoginCode(deps, { tenant: otherClinic, loginId: start.loginId, code, origin })).status).toBe(
      'invalid',
    );
    expect((await verifyLoginCode(deps, { tenant, loginId: start.loginId, code, origin })).status).toBe('signed-in');
    expect((await verifyLoginCode(deps, { tenant, loginId: start.loginId, code, origin })).status).toBe('invalid');
  });

  it('slows a source guessing birth dates down, across two instances, without locking the patient out', async () => {
    const { adult: carter } = DEMO_PATIENTS;
    const otherInstance = createDatabase(inject('databaseUrl'));
    try {
      const outcomes: string[] = [];
      const attacker = { ...origin, ip: '198.51.100.66' };
      for (let attempt = 0; attempt < 12; attempt += 1) {
        const instance = { ...deps, database: attempt % 2 === 0 ? database : otherInstance };
        outcomes.push(
          await startMrnLogin(instance, { tenant, mrn: carter.mrn, birthDate: '2000-01-01', origin: attacker }).then(
            () => 'answered',
            (error: unknown) =>
              error instanceof AppError ? `${error.code}:${String((error.retryAfterSeconds ?? 0) <= 30)}` : 'error',
          ),
        );
      }
      // Five free tries, then a 30-second delay (doubling with each further failure), not an hour's lockout.
      expect(outcomes.filter((outcome) => outcome === 'answered')).toHaveLength(
        LOGIN_FAILURES_PER_MRN_AND_SOURCE.freeFailures,
      );
      expect(new Set(outcomes.slice(5))).toEqual(new Set(['rate_limited:true']));
      // The real patient, on their own phone, is not affected.
      const real = await startMrnLogin(deps, {
        tenant,
        mrn: carter.mrn,
        birthDate: carter.birthDate,
        origin: { ...origin, ip: '203.0.113.200' },
      });
      expect(real.contacts.length).toBeGreaterThan(0);
    } finally {
      await otherInstance.$disconnect();
    }
  });

  it('stops guesses spread over many sources at the per-MRN ceiling', async () => {
    const mrn = `7${Date.now().toString().slice(-7)}`;
    for (let failure = 0; failure < (LOGIN_FAILURES_PER_MRN.ceiling ?? 0); failure += 1)
      await recordFailure(database, LOGIN_FAILURES_PER_MRN, tenant.id, mrn);
    await expect(
      startMrnLogin(deps, { tenant, mrn, birthDate: '2000-01-01', origin: { ...origin, ip: '192.0.2.222' } }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('does not forgive wrong codes when a new code is sent', async () => {
    const { adult: carter } = DEMO_PATIENTS;
    const source = { ...origin, ip: '203.0.113.201' };
    const start = await startMrnLogin(deps, { tenant, mrn: carter.mrn, birthDate: carter.birthDate, origin: source });
    await sendLoginCode(deps, { tenant, loginId: start.loginId, contactId: 'c0', locale: 'en', origin: source });
    for (let guess = 0; guess < 3; guess += 1)
      await verifyLoginCode(deps, { tenant, loginId: start.loginId, code: '000000', origin: source });
    // A resend 30 s later (the challenge's clock moved back instead of waiting).
    await database.otpChallenge.update({
      where: { id: start.loginId },
      data: { lastSentAt: new Date(Date.now() - 60_000) },
    });
    await sendLoginCode(deps, { tenant, loginId: start.loginId, contactId: 'c0', locale: 'en', origin: source });
    const challenge = await database.otpChallenge.findUniqueOrThrow({ where: { id: start.loginId } });
    expect(challenge.attempts).toBe(3);
  });

  it('answers a real patient with one contact point exactly as a decoy, and queues a code for both', async () => {
    const birthDate = '1990-03-04';
    const phoneOnly = await deps.provider.createPatient({
      given: 'Ana',
      family: `Solo${Date.now()}`,
      birthDate,
      gender: 'female',
      phone: '(312) 555-0177',
    });
    const source = { ...origin, ip: '203.0.113.202' };
    const real = await startMrnLogin(deps, { tenant, mrn: phoneOnly.mrn ?? '', birthDate, origin: source });
    const decoy = await startMrnLogin(deps, {
      tenant,
      mrn: phoneOnly.mrn ?? '',
      birthDate: '1990-03-05',
      origin: source,
    });
    const shape = (contacts: { id: string; kind: string; masked: string }[]): string[] =>
      contacts.map((contact) => `${contact.id}:${contact.kind}:${contact.masked.replace(/[a-z0-9]+/g, 'x')}`);
    expect(real.contacts).toHaveLength(2);
    expect(shape(real.contacts)).toEqual(shape(decoy.contacts));
    const queued = (): Promise<number> => boss.getQueueSize(QUEUES.otp.name);
    const before = await queued();
    // The real phone, the email the patient does not have, and a decoy: each goes through the queue.
    for (const [loginId, contactId] of [
      [real.loginId, 'c0'],
      [real.loginId, 'c1'],
      [decoy.loginId, 'c0'],
    ] as const) {
      if (contactId === 'c1')
        await database.otpChallenge.update({ where: { id: loginId }, data: { lastSentAt: new Date(0) } });
      const sent = await sendLoginCode(deps, { tenant, loginId, contactId, locale: 'en', origin: source });
      expect(Object.keys(sent).sort()).toEqual(['channel', 'expiresInSeconds', 'sentTo']);
    }
    expect(await queued()).toBe(before + 3);
  });
});
