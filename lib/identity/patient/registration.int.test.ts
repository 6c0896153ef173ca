import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { type Notifier } from '@/lib/notify/notifier';
import { startQueue } from '@/lib/notify/queue';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import { outcomeCode } from '@/lib/testing/error-code';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { completeRegistration } from './complete-registration';
import { resolveQrLoginToken } from './qr-login-token';
import { sendRegistrationWelcome } from './send-registration-welcome';
import {
  REGISTER_PER_CONTACT,
  resendRegistrationCode,
  startRegistration,
  type RegistrationCodeDeps,
} from './start-registration';

const database = testDatabase();
const secret = 'registration-test-secret-registration-test';
let sandbox: TestFhirSandbox;
let boss: PgBoss;
let tenant: Tenant;
let provider: SchedulingProvider;
let notifier: Notifier;
let deps: RegistrationCodeDeps & { provider: SchedulingProvider; appBaseUrl: string };
let sequence = 0;

beforeAll(async () => {
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'register',
    seed: { days: 1, practitioners: 1, patients: 6 },
  }));
  boss = await startQueue(inject('databaseUrl'), 'pgboss_register_test');
  notifier = outboxNotifier(database, boss);
  provider = createFhirProvider(tenant);
  deps = { database, notifier, secret, provider, appBaseUrl: 'https://book.example' };
}, 120_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await sandbox.close();
});

/** A new person's details, with a phone number no other test uses. */
function newPerson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    given: 'Lena',
    family: `Novak${sequence}${Math.random().toString(36).slice(2, 6)}`,
    birthDate: '1991-07-21',
    gender: 'female',
    phone: `(312) 555-${String(2000 + Math.floor(Math.random() * 7000) + sequence).slice(-4)}`,
    email: '',
    address: { line: '12 Lake St', city: 'Chicago', state: 'IL', postalCode: '60601' },
    preferredLanguage: 'es',
    verifyBy: 'sms',
    ...overrides,
  };
}

function origin(requestId: string): { ip: string; userAgent: string; requestId: string } {
  return { ip: '203.0.113.20', userAgent: 'vitest', requestId };
}

async function latestCode(recipient: string): Promise<string> {
  const row = await database.notification.findFirst({
    where: { tenantId: tenant.id, recipient, template: 'login-code' },
    orderBy: { createdAt: 'desc' },
  });
  return /\b(\d{6})\b/.exec(row?.textBody ?? '')?.[1] ?? '';
}

async function auditOf(requestId: string): Promise<string[]> {
  return (
    await database.auditEvent.findMany({ where: { tenantId: tenant.id, requestId }, orderBy: { id: 'asc' } })
  ).map((event) => `${event.action}:${event.outcome}`);
}

async function sameNameCount(details: Record<string, unknown>): Promise<number> {
  return (
    await provider.findPatientsByDemographics({
      given: String(details.given),
      family: String(details.family),
      birthDate: String(details.birthDate),
    })
  ).length;
}

describe('registering a new patient', () => {
  it('creates patient and MRN only once the phone is verified, signs them in, sends the QR-link welcome', async () => {
    const person = newPerson();
    const sent = await startRegistration(deps, { tenant, details: person, locale: 'en', origin: origin('req-reg-ok') });
    expect(sent).toMatchObject({ channel: 'sms', expiresInSeconds: 600 });
    expect(sent.sentTo).toMatch(/^\*\*\*-\*\*\*-\d{4}$/);
    expect(await sameNameCount(person)).toBe(0);

    const phone = `+1${String(person.phone).replace(/\D/g, '')}`;
    const result = await completeRegistration(deps, {
      tenant,
      registrationId: sent.registrationId,
      code: await latestCode(phone),
      origin: origin('req-reg-ok'),
    });
    if (result.status !== 'registered') throw new Error(`not registered: ${result.status}`);
    expect(result.mrn).toMatch(/^\d{8}$/);
    const created = await provider.findPatientByMrn(result.mrn ?? '');
    expect(created).toMatchObject({
      id: result.patientId,
      birthDate: '1991-07-21',
      gender: 'female',
      preferredLanguage: 'es',
      name: { given: 'Lena', family: person.family },
    });
    expect(created?.contacts.find((contact) => contact.kind === 'phone')?.value.replace(/\D/g, '')).toBe(
      phone.replace(/\D/g, ''),
    );
    expect(created?.address).toMatchObject({ lines: ['12 Lake St'], city: 'Chicago', postalCode: '60601' });
    expect(result.account).toMatchObject({
      providerPatientId: result.patientId,
      preferredLocale: 'es',
      preferredChannel: 'sms',
    });
    // The form's details do not linger in the app database once the patient exists.
    const challenge = await database.otpChallenge.findUniqueOrThrow({ where: { id: sent.registrationId } });
    expect(JSON.stringify(challenge.payload)).not.toContain(String(person.family));

    const actor = {
      tenant,
      accountId: result.account.id,
      patientId: result.patientId,
      registrationId: sent.registrationId,
      locale: 'es' as const,
      origin: origin('req-reg-ok'),
    };
    const welcome = await sendRegistrationWelcome(deps, actor);
    expect(welcome).toMatchObject({ mrn: result.mrn, sentTo: 'sms' });
    expect(welcome.qr.svg).toMatch(/^<svg/);
    expect(welcome.qr.pngDataUrl).toMatch(/^data:image\/png;base64,/);
    const token = /\/qr#([\w-]{43})$/.exec(welcome.qr.link)?.[1] ?? '';
    expect(welcome.qr.link.startsWith(`https://book.example/${tenant.slug}/qr#`)).toBe(true);
    expect(await resolveQrLoginToken(database, { tenantId: tenant.id, token })).toMatchObject({
      status: 'valid',
      patientAccountId: result.account.id,
    });
    const message = await database.notification.findFirstOrThrow({
      where: { tenantId: tenant.id, template: 'registration-welcome', recipient: phone },
    });
    expect(message).toMatchObject({ priority: 'transactional', locale: 'es' });
    expect(message.textBody).toContain(result.mrn ?? 'no mrn');
    expect(message.textBody).toContain(welcome.qr.link);

    // The first QR code is shown once: a second welcome is refused and does not replace the code.
    expect(await outcomeCode(sendRegistrationWelcome(deps, actor))).toBe('conflict');
    expect(await resolveQrLoginToken(database, { tenantId: tenant.id, token })).toMatchObject({ status: 'valid' });
    expect(await auditOf('req-reg-ok')).toEqual([
      'patient.register.start:success',
      'patient.register.code_sent:success',
      'patient.register:success',
      'patient.login:success',
      'qr.issued:success',
      'patient.register.welcome:success',
      'patient.register.welcome:denied',
    ]);
  });

  it('refuses a wrong, an expired and a reused code, creating nothing more', async () => {
    const person = newPerson({ verifyBy: 'email', email: `lena.${sequence}@example.com`, phone: '' });
    const sent = await startRegistration(deps, {
      tenant,
      details: person,
      locale: 'en',
      origin: origin('req-reg-codes'),
    });
    expect(sent).toMatchObject({ channel: 'email', sentTo: 'l***@example.com' });
    const code = await latestCode(String(person.email));
    const wrong = code === '000000' ? '111111' : '000000';
    expect(
      await completeRegistration(deps, {
        tenant,
        registrationId: sent.registrationId,
        code: wrong,
        origin: origin('req-reg-codes'),
      }),
    ).toEqual({ status: 'wrong_code', attemptsLeft: 4 });
    expect(
      await completeRegistration(deps, {
        tenant,
        registrationId: sent.registrationId,
        code,
        origin: origin('req-reg-codes'),
        now: new Date(Date.now() + 11 * 60_000),
      }),
    ).toEqual({ status: 'expired' });
    expect(await sameNameCount(person)).toBe(0);
    expect(
      (
        await completeRegistration(deps, {
          tenant,
          registrationId: sent.registrationId,
          code,
          origin: origin('req-reg-codes'),
        })
      ).status,
    ).toBe('registered');
    expect(
      await completeRegistration(deps, {
        tenant,
        registrationId: sent.registrationId,
        code,
        origin: origin('req-reg-codes'),
      }),
    ).toEqual({ status: 'invalid' });
    expect(await sameNameCount(person)).toBe(1);
    expect(await auditOf('req-reg-codes')).toEqual([
      'patient.register.start:success',
      'patient.register.code_sent:success',
      'patient.register:failure',
      'patient.register:failure',
      'patient.register:success',
      'patient.login:success',
      'patient.register:failure',
    ]);
  });

  it('keeps the code valid when the EHR is down at that moment, and the same code registers later', async () => {
    const person = newPerson();
    const sent = await startRegistration(deps, {
      tenant,
      details: person,
      locale: 'en',
      origin: origin('req-reg-ehr-down'),
    });
    const code = await latestCode(`+1${String(person.phone).replace(/\D/g, '')}`);
    // The clinic's EHR is unreachable (nothing listens on its port).
    const unreachable = createFhirProvider({ ...tenant, fhirBaseUrl: 'http://127.0.0.1:9/fhir/R4' });
    const attempt = (provider: SchedulingProvider): ReturnType<typeof completeRegistration> =>
      completeRegistration(
        { ...deps, provider },
        { tenant, registrationId: sent.registrationId, code, origin: origin('req-reg-ehr-down') },
      );
    expect(await outcomeCode(attempt(unreachable))).toBe('unavailable');
    expect(await outcomeCode(attempt(unreachable))).toBe('unavailable');
    const challenge = await database.otpChallenge.findUniqueOrThrow({ where: { id: sent.registrationId } });
    expect(challenge).toMatchObject({ consumedAt: null, attempts: 0 });
    expect(await sameNameCount(person)).toBe(0);

    const result = await attempt(provider);
    expect(result.status).toBe('registered');
    expect(await sameNameCount(person)).toBe(1);
    expect(await auditOf('req-reg-ehr-down')).toEqual([
      'patient.register.start:success',
      'patient.register.code_sent:success',
      'patient.register:failure',
      'patient.register:failure',
      'patient.register:success',
      'patient.login:success',
    ]);
  });

  it('tells a likely duplicate to log in instead, creating nothing and revealing nothing of the record', async () => {
    const { guardian } = DEMO_PATIENTS;
    const person = newPerson({
      given: guardian.given,
      family: guardian.family,
      birthDate: guardian.birthDate,
      phone: '312-555-0101',
    });
    const before = await sameNameCount(person);
    const sent = await startRegistration(deps, {
      tenant,
      details: person,
      locale: 'en',
      origin: origin('req-reg-dup'),
    });
    const result = await completeRegistration(deps, {
      tenant,
      registrationId: sent.registrationId,
      code: await latestCode('+13125550101'),
      origin: origin('req-reg-dup'),
    });
    expect(result).toEqual({ status: 'duplicate' });
    expect(await sameNameCount(person)).toBe(before);
    const denied = await database.auditEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, requestId: 'req-reg-dup', action: 'patient.register' },
    });
    expect(denied).toMatchObject({ outcome: 'denied', detail: { reason: 'duplicate' } });
    expect(denied.patientId).toBeTruthy();
  });

  it.each([
    ['a birth date in the future', { birthDate: '2999-01-01' }, 'birthDate'],
    ['a birth date before 1900', { birthDate: '1899-12-31' }, 'birthDate'],
    ['a birth date that is not a date', { birthDate: '2023-02-30' }, 'birthDate'],
    ['a phone number that cannot exist', { phone: '555-12' }, 'phone'],
    ['a phone number with letters', { phone: 'call me maybe' }, 'phone'],
    ['an email address without a domain', { email: 'lena@', verifyBy: 'email' }, 'email'],
    ['no phone or email', { phone: '', email: '' }, 'phone'],
    ['a +44 number at a clinic that texts the US only', { phone: '+44 7911 123456' }, 'phone'],
    ['a NUL byte in a name', { given: 'Ana\u0000' }, 'given'],
  ])('refuses %s with a 400 naming the field, creating nothing, audited', async (_label, overrides, field) => {
    const requestId = `req-reg-bad-${field}-${sequence}`;
    const person = newPerson(overrides);
    const challengesBefore = await database.otpChallenge.count({ where: { tenantId: tenant.id } });
    const error = await startRegistration(deps, {
      tenant,
      details: person,
      locale: 'en',
      origin: origin(requestId),
    }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect(Object.keys((error as AppError).details ?? {})).toContain(field);
    expect(await database.otpChallenge.count({ where: { tenantId: tenant.id } })).toBe(challengesBefore);
    // The EHR itself refuses to search by a date that does not exist (or a NUL in a name); for the others, look.
    if (person.birthDate !== '2023-02-30' && field !== 'given') expect(await sameNameCount(person)).toBe(0);
    const audit = await database.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, requestId } });
    expect(audit).toMatchObject({
      action: 'patient.register.start',
      outcome: 'failure',
      detail: { reason: 'invalid_input' },
    });
    expect(String((audit.detail as Record<string, unknown>).fields).split(',')).toContain(field);
  });

  it('keeps the wrong tries when a new code is sent: a resend does not reset the lockout', async () => {
    const person = newPerson();
    const phone = `+1${String(person.phone).replace(/\D/g, '')}`;
    const source = origin('req-reg-resend');
    const sent = await startRegistration(deps, { tenant, details: person, locale: 'en', origin: source });
    const first = await latestCode(phone);
    const wrong = (code: string): string => (code === '000000' ? '111111' : '000000');
    for (const attemptsLeft of [4, 3, 2, 1])
      expect(
        await completeRegistration(deps, {
          tenant,
          registrationId: sent.registrationId,
          code: wrong(first),
          origin: source,
        }),
      ).toEqual({ status: 'wrong_code', attemptsLeft });
    // A resend 30 s later (the challenge's clock moved back instead of waiting).
    await database.otpChallenge.update({
      where: { id: sent.registrationId },
      data: { lastSentAt: new Date(Date.now() - 60_000) },
    });
    await resendRegistrationCode(deps, { tenant, registrationId: sent.registrationId, origin: source });
    const second = await latestCode(phone);
    // The one try left is the fifth of the challenge, whichever code it is for: not five new ones.
    expect(
      await completeRegistration(deps, {
        tenant,
        registrationId: sent.registrationId,
        code: wrong(second),
        origin: source,
      }),
    ).toEqual({ status: 'locked' });
    expect(
      await completeRegistration(deps, { tenant, registrationId: sent.registrationId, code: second, origin: source }),
    ).toEqual({ status: 'locked' });
    // ...and a locked registration gets no further code.
    await database.otpChallenge.update({
      where: { id: sent.registrationId },
      data: { lastSentAt: new Date(Date.now() - 60_000) },
    });
    await expect(
      resendRegistrationCode(deps, { tenant, registrationId: sent.registrationId, origin: source }),
    ).rejects.toMatchObject({ code: 'invalid_input', reason: 'registration.noMoreCodes' });
    expect(await sameNameCount(person)).toBe(0);
  });

  it('limits codes per contact point across two app instances sharing the database', async () => {
    const otherInstance = createDatabase(inject('databaseUrl'));
    try {
      const person = newPerson();
      const outcomes: string[] = [];
      for (let attempt = 0; attempt < REGISTER_PER_CONTACT.limit + 2; attempt += 1) {
        const instance = { ...deps, database: attempt % 2 === 0 ? database : otherInstance };
        outcomes.push(
          await outcomeCode(
            startRegistration(instance, {
              tenant,
              details: person,
              locale: 'en',
              origin: { ...origin('req-reg-limit'), ip: `198.51.100.${attempt}` },
            }),
          ),
        );
      }
      expect(outcomes).toEqual([
        ...Array<string>(REGISTER_PER_CONTACT.limit).fill('ok'),
        'rate_limited',
        'rate_limited',
      ]);
      expect(await auditOf('req-reg-limit')).toContain('patient.register.start:denied');
    } finally {
      await otherInstance.$disconnect();
    }
  });
});
