import { describe, expect, it } from 'vitest';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { issueCode, MAX_ATTEMPTS, resendCode, verifyCode } from './one-time-code';

const database = testDatabase();
const secret = 'test-secret-test-secret-test-secret';

async function tenantId(): Promise<string> {
  return (
    await createTenant(database, {
      slug: uniqueSlug('otp'),
      displayName: 'Code Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1.2',
    })
  ).id;
}

function wrong(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

describe('one-time codes', () => {
  it('verify once with the right code and are then used up', async () => {
    const tenant = await tenantId();
    const issued = await issueCode(database, {
      tenantId: tenant,
      purpose: 'login',
      subject: 'patient-1',
      channel: 'sms',
      secret,
    });
    expect(issued.code).toMatch(/^\d{6}$/);
    const stored = await database.otpChallenge.findUniqueOrThrow({ where: { id: issued.challengeId } });
    expect(stored.codeHash).not.toContain(issued.code);
    expect(
      await verifyCode(database, { tenantId: tenant, challengeId: issued.challengeId, code: issued.code, secret }),
    ).toMatchObject({ status: 'verified', subject: 'patient-1' });
    expect(
      await verifyCode(database, { tenantId: tenant, challengeId: issued.challengeId, code: issued.code, secret }),
    ).toEqual({ status: 'used' });
  });

  it('lock after five wrong tries, even if the sixth is right', async () => {
    const tenant = await tenantId();
    const issued = await issueCode(database, {
      tenantId: tenant,
      purpose: 'login',
      subject: 'patient-2',
      channel: 'sms',
      secret,
    });
    const results = [];
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1)
      results.push(
        await verifyCode(database, {
          tenantId: tenant,
          challengeId: issued.challengeId,
          code: wrong(issued.code),
          secret,
        }),
      );
    expect(results.map((result) => result.status)).toEqual([
      'wrong_code',
      'wrong_code',
      'wrong_code',
      'wrong_code',
      'locked',
    ]);
    expect(
      await verifyCode(database, { tenantId: tenant, challengeId: issued.challengeId, code: issued.code, secret }),
    ).toEqual({ status: 'locked' });
  });

  it('allow no more than five guesses when they arrive in parallel', async () => {
    const tenant = await tenantId();
    const issued = await issueCode(database, {
      tenantId: tenant,
      purpose: 'login',
      subject: 'patient-3',
      channel: 'sms',
      secret,
    });
    await Promise.all(
      Array.from({ length: 12 }, () =>
        verifyCode(database, { tenantId: tenant, challengeId: issued.challengeId, code: wrong(issued.code), secret }),
      ),
    );
    const stored = await database.otpChallenge.findUniqueOrThrow({ where: { id: issued.challengeId } });
    expect(stored.attempts).toBe(MAX_ATTEMPTS);
  });

  it('expire after ten minutes', async () => {
    const tenant = await tenantId();
    const issuedAt = new Date('2026-01-01T10:00:00Z');
    const issued = await issueCode(database, {
      tenantId: tenant,
      purpose: 'login',
      subject: 'patient-4',
      channel: 'email',
      secret,
      now: issuedAt,
    });
    const later = new Date(issuedAt.getTime() + 10 * 60 * 1000 + 1);
    expect(
      await verifyCode(database, {
        tenantId: tenant,
        challengeId: issued.challengeId,
        code: issued.code,
        secret,
        now: later,
      }),
    ).toEqual({ status: 'expired' });
  });

  it('are unknown to another clinic', async () => {
    const issued = await issueCode(database, {
      tenantId: await tenantId(),
      purpose: 'login',
      subject: 'patient-5',
      channel: 'sms',
      secret,
    });
    expect(
      await verifyCode(database, {
        tenantId: await tenantId(),
        challengeId: issued.challengeId,
        code: issued.code,
        secret,
      }),
    ).toEqual({ status: 'unknown' });
  });

  it('can be resent only after 30 seconds, and the old code stops working', async () => {
    const tenant = await tenantId();
    const start = new Date('2026-01-01T10:00:00Z');
    const issued = await issueCode(database, {
      tenantId: tenant,
      purpose: 'login',
      subject: 'patient-6',
      channel: 'sms',
      secret,
      now: start,
    });
    expect(
      await resendCode(database, {
        tenantId: tenant,
        challengeId: issued.challengeId,
        secret,
        now: new Date(start.getTime() + 10_000),
      }),
    ).toEqual({ status: 'too_soon', retryAfterSeconds: 20 });
    const resent = await resendCode(database, {
      tenantId: tenant,
      challengeId: issued.challengeId,
      secret,
      now: new Date(start.getTime() + 31_000),
    });
    if (resent.status !== 'sent') throw new Error(`expected a resend, got ${resent.status}`);
    const now = new Date(start.getTime() + 40_000);
    if (resent.issued.code !== issued.code)
      expect(
        await verifyCode(database, {
          tenantId: tenant,
          challengeId: issued.challengeId,
          code: issued.code,
          secret,
          now,
        }),
      ).toMatchObject({ status: 'wrong_code' });
    expect(
      await verifyCode(database, {
        tenantId: tenant,
        challengeId: issued.challengeId,
        code: resent.issued.code,
        secret,
        now,
      }),
    ).toMatchObject({ status: 'verified' });
  });
});
