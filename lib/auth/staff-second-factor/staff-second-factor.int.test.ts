import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { checkStaffSession, sessionRequestFromHeaders } from '@/lib/auth/check-staff-session';
import type { PasskeyDeps } from '@/lib/auth/passkeys/passkey-owner';
import { SoftwareAuthenticator } from '@/lib/auth/passkeys/software-authenticator';
import { staffClaims, type StaffClaims } from '@/lib/auth/session-claims';
import { createStaffUser } from '@/lib/identity/staff/create-staff-user';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { finishStaffEnrolment, startStaffEnrolment, staffEnrolmentBodySchema } from './enrol-staff-passkey';
import { issueEnrolmentCodeByOperator } from './issue-enrolment-code';
import { resetStaffPasskeys } from './reset-staff-passkeys';
import { secondFactorRequired } from './second-factor-policy';
import { startStaffPasskeyCheck, verifyStaffPasskey } from './verify-staff-passkey';

const database = testDatabase();
const APP = 'https://clinic.example';
const deps: PasskeyDeps = { database, appBaseUrl: APP };

let ip = 0;
function origin(requestId: string): { requestId: string; ip: string } {
  ip += 1;
  return { requestId, ip: `203.0.113.${ip}` };
}

async function clinic(): Promise<Tenant> {
  return createTenant(database, {
    slug: uniqueSlug('s2fa'),
    displayName: 'Second Factor Clinic',
    timeZone: 'UTC',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:oid:1.2',
  });
}

interface Member {
  tenant: Tenant;
  claims: StaffClaims;
  email: string;
}

async function member(tenant: Tenant, role: 'admin' | 'front_desk' = 'admin'): Promise<Member> {
  const email = `s-${Math.random().toString(36).slice(2, 8)}@clinic.example`;
  const staff = await createStaffUser(database, tenant.id, {
    email,
    displayName: 'Sam Okafor',
    password: 'a long admin password',
    role,
  });
  return { tenant, claims: staffClaims(staff, tenant), email };
}

/** A member who enrolled a passkey with an operator's code, through the real ceremony. */
async function enrolled(
  tenant?: Tenant,
): Promise<Member & { authenticator: SoftwareAuthenticator; passkeyId: string }> {
  const who = await member(tenant ?? (await clinic()));
  const { code } = await issueEnrolmentCodeByOperator(database, {
    tenantId: who.tenant.id,
    email: who.email,
  });
  const authenticator = new SoftwareAuthenticator(APP);
  const from = origin('req-s2fa-enrol');
  const options = await startStaffEnrolment(deps, {
    tenant: who.tenant,
    claims: who.claims,
    code,
    origin: from,
  });
  const passkey = await finishStaffEnrolment(deps, {
    tenant: who.tenant,
    claims: who.claims,
    origin: from,
    body: staffEnrolmentBodySchema.parse({ response: authenticator.register(options), code }),
  });
  return { ...who, authenticator, passkeyId: passkey.id };
}

async function audit(requestId: string, action = 'staff.second_factor'): Promise<{ outcome: string; reason: unknown }> {
  const row = await database.auditEvent.findFirstOrThrow({ where: { requestId, action } });
  return { outcome: row.outcome, reason: (row.detail as Record<string, unknown> | null)?.reason };
}

async function counter(passkeyId: string): Promise<bigint | undefined> {
  return (await database.passkeyCredential.findUnique({ where: { id: passkeyId } }))?.counter;
}

/** Asks for options as `who`, answers with `answer`, and checks the refusal, its audit row and that nothing moved. */
async function expectRefused(
  who: Member & { passkeyId: string },
  requestId: string,
  answer: (options: Awaited<ReturnType<typeof startStaffPasskeyCheck>>) => unknown,
  reason: string,
): Promise<void> {
  const before = await counter(who.passkeyId);
  const from = origin(requestId);
  const options = await startStaffPasskeyCheck(deps, {
    tenant: who.tenant,
    claims: who.claims,
    origin: from,
  });
  await expect(
    verifyStaffPasskey(deps, {
      tenant: who.tenant,
      claims: who.claims,
      response: answer(options),
      origin: from,
    }),
  ).rejects.toMatchObject({ code: 'invalid_input', reason: 'staffPasskeys.refused' });
  expect(await audit(requestId)).toEqual({ outcome: 'failure', reason });
  expect(await counter(who.passkeyId)).toBe(before);
}

describe('staff passkeys as a second factor', () => {
  it('is required of administrators, of everyone when the clinic says so, and of anyone with a passkey', () => {
    const admins = { passkeysRequiredFor: 'admins' } as const;
    expect(secondFactorRequired({ role: 'admin', passkeys: 0, staffSecurity: admins })).toBe(true);
    expect(secondFactorRequired({ role: 'front_desk', passkeys: 0, staffSecurity: admins })).toBe(false);
    expect(secondFactorRequired({ role: 'front_desk', passkeys: 1, staffSecurity: admins })).toBe(true);
    expect(
      secondFactorRequired({
        role: 'front_desk',
        passkeys: 0,
        staffSecurity: { passkeysRequiredFor: 'everyone' },
      }),
    ).toBe(true);
  });

  it('an administrator enrols with an enrolment code, then passes the second factor; both audited', async () => {
    const who = await enrolled();
    const from = origin('req-s2fa-ok');
    const options = await startStaffPasskeyCheck(deps, {
      tenant: who.tenant,
      claims: who.claims,
      origin: from,
    });
    expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([who.authenticator.credentialId]);
    const upgraded = await verifyStaffPasskey(deps, {
      tenant: who.tenant,
      claims: who.claims,
      response: who.authenticator.assert(options),
      origin: from,
    });
    expect(upgraded).toEqual({ ...who.claims, secondFactor: 'passkey' });
    expect(await audit('req-s2fa-ok')).toEqual({ outcome: 'success', reason: undefined });
    expect(await audit('req-s2fa-enrol', 'staff.enrolment_code')).toEqual({
      outcome: 'success',
      reason: undefined,
    });
  });

  it('the password alone cannot enrol a passkey: no code, a wrong or a used code are refused', async () => {
    const who = await member(await clinic());
    const from = origin('req-s2fa-nocode');
    await expect(
      startStaffEnrolment(deps, { tenant: who.tenant, claims: who.claims, origin: from }),
    ).rejects.toMatchObject({
      reason: 'staffPasskeys.codeRequired',
    });
    await expect(
      startStaffEnrolment(deps, {
        tenant: who.tenant,
        claims: who.claims,
        code: 'AAAA-BBBB-CCCC',
        origin: from,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', reason: 'staffPasskeys.codeRefused' });
    expect(await audit('req-s2fa-nocode', 'staff.enrolment_code')).toEqual({
      outcome: 'failure',
      reason: 'wrong_code',
    });
    // A real code, used once, does not work twice.
    const { code } = await issueEnrolmentCodeByOperator(database, {
      tenantId: who.tenant.id,
      email: who.email,
    });
    const options = await startStaffEnrolment(deps, {
      tenant: who.tenant,
      claims: who.claims,
      code,
      origin: from,
    });
    const first = new SoftwareAuthenticator(APP);
    await finishStaffEnrolment(deps, {
      tenant: who.tenant,
      claims: who.claims,
      origin: from,
      body: staffEnrolmentBodySchema.parse({ response: first.register(options), code }),
    });
    await expect(
      startStaffEnrolment(deps, { tenant: who.tenant, claims: who.claims, code, origin: from }),
    ).rejects.toMatchObject({ reason: 'staffPasskeys.codeRefused' });
    expect(await database.passkeyCredential.count({ where: { staffUserId: who.claims.accountId } })).toBe(1);
  });

  it('a refused registration gives the enrolment code back (nothing changed)', async () => {
    const who = await member(await clinic());
    const { code } = await issueEnrolmentCodeByOperator(database, {
      tenantId: who.tenant.id,
      email: who.email,
    });
    const from = origin('req-s2fa-reg-origin');
    const options = await startStaffEnrolment(deps, {
      tenant: who.tenant,
      claims: who.claims,
      code,
      origin: from,
    });
    await expect(
      finishStaffEnrolment(deps, {
        tenant: who.tenant,
        claims: who.claims,
        origin: from,
        body: staffEnrolmentBodySchema.parse({
          response: new SoftwareAuthenticator('https://evil.test').register(options),
          code,
        }),
      }),
    ).rejects.toMatchObject({ reason: 'passkeys.registrationRefused' });
    expect(await database.passkeyCredential.count({ where: { staffUserId: who.claims.accountId } })).toBe(0);
    // The code still works.
    await expect(
      startStaffEnrolment(deps, { tenant: who.tenant, claims: who.claims, code, origin: from }),
    ).resolves.toMatchObject({ rp: { id: 'clinic.example' } });
  });

  it('refuses a replayed assertion', async () => {
    const who = await enrolled();
    const from = origin('req-s2fa-replay-first');
    const options = await startStaffPasskeyCheck(deps, {
      tenant: who.tenant,
      claims: who.claims,
      origin: from,
    });
    const answer = who.authenticator.assert(options);
    await verifyStaffPasskey(deps, {
      tenant: who.tenant,
      claims: who.claims,
      response: answer,
      origin: from,
    });
    await expectRefused(who, 'req-s2fa-replay', () => answer, 'unknown_challenge');
  });

  it('refuses a tampered assertion', async () => {
    const who = await enrolled();
    await expectRefused(
      who,
      'req-s2fa-tampered',
      (options) => {
        const answer = who.authenticator.assert(options);
        const data = Buffer.from(answer.response.authenticatorData, 'base64url');
        data[33] = (data[33] ?? 0) ^ 0x10;
        return { ...answer, response: { ...answer.response, authenticatorData: data.toString('base64url') } };
      },
      'bad_signature',
    );
  });

  it('refuses another account’s passkey, and another clinic’s', async () => {
    const who = await enrolled();
    const colleague = await enrolled(who.tenant);
    await expectRefused(
      who,
      'req-s2fa-other-account',
      (options) => colleague.authenticator.assert(options),
      'other_account',
    );
    const elsewhere = await enrolled();
    await expectRefused(
      who,
      'req-s2fa-other-clinic',
      (options) => elsewhere.authenticator.assert(options),
      'other_clinic',
    );
  });

  it('refuses a wrong origin and a wrong RP id', async () => {
    const who = await enrolled();
    await expectRefused(
      who,
      'req-s2fa-origin',
      (options) => who.authenticator.assert(options, { origin: 'https://clinic.example.evil.test' }),
      'wrong_origin',
    );
    await expectRefused(
      who,
      'req-s2fa-rpid',
      (options) => who.authenticator.assert(options, { rpId: 'evil.test' }),
      'wrong_rp_id',
    );
  });

  it('an administrator resets a colleague’s passkeys: removed, sessions ended, a new code', async () => {
    const admin = await enrolled();
    const colleague = await enrolled(admin.tenant);
    const from = origin('req-s2fa-reset');
    const before = await database.staffUser.findUniqueOrThrow({ where: { id: colleague.claims.accountId } });
    const issued = await resetStaffPasskeys(database, {
      admin: { tenantId: admin.tenant.id, staffId: admin.claims.accountId, role: 'admin', origin: from },
      staffUserId: colleague.claims.accountId,
    });
    expect(issued.removed).toBe(1);
    expect(issued.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const after = await database.staffUser.findUniqueOrThrow({ where: { id: colleague.claims.accountId } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await audit('req-s2fa-reset', 'staff.passkeys_reset')).toEqual({
      outcome: 'success',
      reason: undefined,
    });
    expect(await audit('req-s2fa-reset', 'passkey.removed')).toEqual({
      outcome: 'success',
      reason: undefined,
    });
    // The removed passkey no longer confirms anything (options need a passkey; an answer from it names none).
    await expect(
      startStaffPasskeyCheck(deps, { tenant: admin.tenant, claims: colleague.claims, origin: from }),
    ).rejects.toMatchObject({ reason: 'staffPasskeys.noneYet' });
    const adminOptions = await startStaffPasskeyCheck(deps, {
      tenant: admin.tenant,
      claims: admin.claims,
      origin: from,
    });
    await expect(
      verifyStaffPasskey(deps, {
        tenant: admin.tenant,
        claims: colleague.claims,
        response: colleague.authenticator.assert(adminOptions),
        origin: origin('req-s2fa-removed'),
      }),
    ).rejects.toMatchObject({ reason: 'staffPasskeys.refused' });
    expect(await audit('req-s2fa-removed')).toEqual({ outcome: 'failure', reason: 'unknown_passkey' });
    // An administrator cannot reset their own.
    await expect(
      resetStaffPasskeys(database, {
        admin: { tenantId: admin.tenant.id, staffId: admin.claims.accountId, role: 'admin', origin: from },
        staffUserId: admin.claims.accountId,
      }),
    ).rejects.toMatchObject({ code: 'forbidden', reason: 'staffPasskeys.notYourOwn' });
  });

  it('limits failed second-factor tries per account and source like the password step', async () => {
    const who = await enrolled();
    const from = origin('req-s2fa-limit');
    for (let index = 0; index < 5; index += 1)
      await verifyStaffPasskey(deps, {
        tenant: who.tenant,
        claims: who.claims,
        response: { bad: index },
        origin: from,
      }).catch(() => undefined);
    const options = await startStaffPasskeyCheck(deps, {
      tenant: who.tenant,
      claims: who.claims,
      origin: from,
    });
    await expect(
      verifyStaffPasskey(deps, {
        tenant: who.tenant,
        claims: who.claims,
        response: who.authenticator.assert(options),
        origin: from,
      }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    const denied = await database.auditEvent.findFirst({
      where: { requestId: 'req-s2fa-limit', outcome: 'denied' },
    });
    expect(denied?.action).toBe('staff.second_factor');
  });
});

describe('the staff session check on every request', () => {
  const options = { secret: 'staff-session-check-secret-0123456789', absoluteHours: 12 };

  async function check(claims: StaffClaims, tenantSlug = claims.tenantSlug) {
    const cookie = await encode({ token: { claims }, secret: options.secret });
    return checkStaffSession(database, {
      request: sessionRequestFromHeaders(new Headers({ cookie: `next-auth.session-token=${cookie}` })),
      options,
      tenantSlug,
    });
  }

  it('an administrator’s password-only session reaches only the passkey step; passing it opens the rest', async () => {
    const who = await enrolled();
    expect(await check(who.claims)).toMatchObject({ stage: 'second-factor', passkeys: 1 });
    const from = origin('req-s2fa-session');
    const upgraded = await verifyStaffPasskey(deps, {
      tenant: who.tenant,
      claims: who.claims,
      response: who.authenticator.assert(await startStaffPasskeyCheck(deps, { ...who, origin: from })),
      origin: from,
    });
    expect(await check(upgraded)).toMatchObject({ stage: 'signed-in', claims: upgraded });
    // Another clinic's pages do not take it.
    expect(await check(upgraded, 'another-clinic')).toBeNull();
  });

  it('a clerk needs the step once the clinic requires it of everyone, or once they have a passkey', async () => {
    const tenant = await clinic();
    const clerk = await member(tenant, 'front_desk');
    expect(await check(clerk.claims)).toMatchObject({ stage: 'signed-in', passkeys: 0 });
    await database.tenant.update({
      where: { id: tenant.id },
      data: { staffSecurity: { passkeysRequiredFor: 'everyone' } },
    });
    expect(await check(clerk.claims)).toMatchObject({ stage: 'second-factor' });
    await database.tenant.update({
      where: { id: tenant.id },
      data: { staffSecurity: { passkeysRequiredFor: 'admins' } },
    });
    const withPasskey = await enrolled(tenant);
    await database.staffUser.update({ where: { id: withPasskey.claims.accountId }, data: { role: 'front_desk' } });
    expect(await check({ ...withPasskey.claims, role: 'front_desk' })).toMatchObject({ stage: 'second-factor' });
  });

  it('a reset by an administrator ends the colleague’s session at either stage', async () => {
    const tenant = await clinic();
    const admin = await member(tenant);
    const colleague = await enrolled(tenant);
    expect(await check(colleague.claims)).not.toBeNull();
    await resetStaffPasskeys(database, {
      admin: { tenantId: tenant.id, staffId: admin.claims.accountId, role: 'admin', origin: origin('req-s2fa-r') },
      staffUserId: colleague.claims.accountId,
    });
    expect(await check(colleague.claims)).toBeNull();
    expect(await check({ ...colleague.claims, secondFactor: 'passkey' })).toBeNull();
  });
});
