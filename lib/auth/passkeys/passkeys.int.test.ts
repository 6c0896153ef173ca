import { describe, expect, it } from 'vitest';
import { ensurePatientAccount } from '@/lib/identity/patient/patient-account';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { listPasskeys } from './list-passkeys';
import type { PasskeyActor, PasskeyDeps, PasskeyOwner } from './passkey-owner';
import { registerPasskey, registerPasskeyBodySchema, startPasskeyRegistration } from './register-passkey';
import { removePasskey } from './remove-passkey';
import { CHALLENGE_SECONDS } from './passkey-challenge';
import { PASSKEY_SIGN_IN_PER_IP, signInWithPasskey, startPasskeySignIn } from './sign-in-with-passkey';
import { SoftwareAuthenticator } from './software-authenticator';

const database = testDatabase();
const APP = 'https://clinic.example';
const deps: PasskeyDeps = { database, appBaseUrl: APP };

async function clinic(): Promise<Tenant> {
  return createTenant(database, {
    slug: uniqueSlug('pk'),
    displayName: 'Passkey Clinic',
    timeZone: 'UTC',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:oid:1.2',
  });
}

let ipCounter = 0;
/** Each test signs in from its own address, so the per-IP limits of one test do not reach another. */
function origin(requestId: string): PasskeyActor['origin'] {
  ipCounter += 1;
  return { requestId, ip: `198.51.100.${ipCounter}` };
}

interface Enrolled {
  tenant: Tenant;
  owner: PasskeyOwner & { kind: 'patient' };
  authenticator: SoftwareAuthenticator;
  passkeyId: string;
}

/** A patient of a new clinic with one passkey, registered through the real ceremony. */
async function enrolledPatient(tenant?: Tenant): Promise<Enrolled> {
  const clinicOf = tenant ?? (await clinic());
  const account = await ensurePatientAccount(database, clinicOf.id, `pat-${Math.random().toString(36).slice(2)}`);
  const owner = {
    kind: 'patient',
    tenantId: clinicOf.id,
    accountId: account.id,
    patientId: account.providerPatientId,
  } as const;
  const actor = { owner, origin: origin('req-pk-enrol') };
  const authenticator = new SoftwareAuthenticator(APP);
  const options = await startPasskeyRegistration(deps, { ...actor, rpName: clinicOf.displayName, userName: 'Patient' });
  expect(options.authenticatorSelection?.residentKey).toBe('required');
  const summary = await registerPasskey(deps, {
    ...actor,
    body: registerPasskeyBodySchema.parse({ response: authenticator.register(options), name: 'My phone' }),
  });
  return { tenant: clinicOf, owner, authenticator, passkeyId: summary.id };
}

async function refusalAudit(requestId: string): Promise<{ outcome: string; reason: unknown } | null> {
  const row = await database.auditEvent.findFirst({ where: { requestId, action: 'patient.login' } });
  return row ? { outcome: row.outcome, reason: (row.detail as Record<string, unknown> | null)?.reason } : null;
}

async function storedState(passkeyId: string): Promise<{ counter: bigint; lastUsedAt: Date | null } | null> {
  return database.passkeyCredential.findUnique({
    where: { id: passkeyId },
    select: { counter: true, lastUsedAt: true },
  });
}

/** Signs in with an answer the test built, and returns the outcome, its audit row and whether anything changed. */
async function attempt(
  enrolled: Enrolled,
  requestId: string,
  answer: (options: Awaited<ReturnType<typeof startPasskeySignIn>>) => unknown,
  tenant: Tenant = enrolled.tenant,
): Promise<{ status: string; audit: Awaited<ReturnType<typeof refusalAudit>>; changed: boolean }> {
  const before = await storedState(enrolled.passkeyId);
  const from = origin(requestId);
  const options = await startPasskeySignIn(deps, { tenant, origin: from });
  const result = await signInWithPasskey(deps, { tenant, response: answer(options), origin: from });
  const after = await storedState(enrolled.passkeyId);
  const changed = before?.counter !== after?.counter || before?.lastUsedAt?.getTime() !== after?.lastUsedAt?.getTime();
  return { status: result.status, audit: await refusalAudit(requestId), changed };
}

describe('passkeys', () => {
  it('a patient registers a discoverable passkey, signs in with it in one tap, and sees its last use', async () => {
    const enrolled = await enrolledPatient();
    const from = origin('req-pk-ok');
    const options = await startPasskeySignIn(deps, { tenant: enrolled.tenant, origin: from });
    expect(options.rpId).toBe('clinic.example');
    expect(options.allowCredentials ?? []).toEqual([]);
    const result = await signInWithPasskey(deps, {
      tenant: enrolled.tenant,
      response: enrolled.authenticator.assert(options),
      origin: from,
    });
    expect(result).toMatchObject({ status: 'signed-in', patientId: enrolled.owner.patientId });
    expect(await refusalAudit('req-pk-ok')).toEqual({ outcome: 'success', reason: undefined });
    const [listed] = await listPasskeys(database, enrolled.owner);
    expect(listed).toMatchObject({ id: enrolled.passkeyId, name: 'My phone' });
    expect(listed?.lastUsedAt).not.toBeNull();
    expect((await storedState(enrolled.passkeyId))?.counter).toBe(1n);
  });

  it('refuses a replayed assertion: the challenge was used', async () => {
    const enrolled = await enrolledPatient();
    const from = origin('req-pk-replay-first');
    const options = await startPasskeySignIn(deps, { tenant: enrolled.tenant, origin: from });
    const answer = enrolled.authenticator.assert(options);
    expect((await signInWithPasskey(deps, { tenant: enrolled.tenant, response: answer, origin: from })).status).toBe(
      'signed-in',
    );
    const outcome = await attempt(enrolled, 'req-pk-replay', () => answer);
    expect(outcome).toEqual({
      status: 'refused',
      audit: { outcome: 'failure', reason: 'unknown_challenge' },
      changed: false,
    });
  });

  it('refuses a tampered assertion (one byte of the signed data changed)', async () => {
    const enrolled = await enrolledPatient();
    const outcome = await attempt(enrolled, 'req-pk-tampered', (options) => {
      const answer = enrolled.authenticator.assert(options);
      const data = Buffer.from(answer.response.authenticatorData, 'base64url');
      data[33] = (data[33] ?? 0) ^ 0x10; // a counter byte: the signature no longer matches
      return { ...answer, response: { ...answer.response, authenticatorData: data.toString('base64url') } };
    });
    expect(outcome).toEqual({
      status: 'refused',
      audit: { outcome: 'failure', reason: 'bad_signature' },
      changed: false,
    });
  });

  it('refuses a passkey of another clinic at this one', async () => {
    const enrolled = await enrolledPatient();
    const other = await clinic();
    const outcome = await attempt(
      enrolled,
      'req-pk-other-clinic',
      (options) => enrolled.authenticator.assert(options),
      other,
    );
    expect(outcome).toEqual({
      status: 'refused',
      audit: { outcome: 'failure', reason: 'other_clinic' },
      changed: false,
    });
  });

  it('refuses an assertion that names another account than the passkey’s own', async () => {
    const enrolled = await enrolledPatient();
    const someoneElse = await enrolledPatient(enrolled.tenant);
    const outcome = await attempt(enrolled, 'req-pk-other-account', (options) =>
      enrolled.authenticator.assert(options, { userHandle: someoneElse.authenticator.userHandle ?? '' }),
    );
    expect(outcome).toEqual({
      status: 'refused',
      audit: { outcome: 'failure', reason: 'other_account' },
      changed: false,
    });
  });

  it('refuses a counter that goes backwards (a cloned authenticator)', async () => {
    const enrolled = await enrolledPatient();
    expect(
      (await attempt(enrolled, 'req-pk-counter-1', (options) => enrolled.authenticator.assert(options))).status,
    ).toBe('signed-in');
    expect(
      (await attempt(enrolled, 'req-pk-counter-2', (options) => enrolled.authenticator.assert(options))).status,
    ).toBe('signed-in');
    const outcome = await attempt(enrolled, 'req-pk-counter-back', (options) =>
      enrolled.authenticator.assert(options, { counter: 1 }),
    );
    expect(outcome).toEqual({
      status: 'refused',
      audit: { outcome: 'failure', reason: 'counter_backwards' },
      changed: false,
    });
  });

  it('refuses an assertion made for another origin, and one for another RP id', async () => {
    const enrolled = await enrolledPatient();
    const wrongOrigin = await attempt(enrolled, 'req-pk-origin', (options) =>
      enrolled.authenticator.assert(options, { origin: 'https://clinic.example.evil.test' }),
    );
    expect(wrongOrigin).toEqual({
      status: 'refused',
      audit: { outcome: 'failure', reason: 'wrong_origin' },
      changed: false,
    });
    const wrongRpId = await attempt(enrolled, 'req-pk-rpid', (options) =>
      enrolled.authenticator.assert(options, { rpId: 'evil.test' }),
    );
    expect(wrongRpId).toEqual({
      status: 'refused',
      audit: { outcome: 'failure', reason: 'wrong_rp_id' },
      changed: false,
    });
  });

  it('refuses an answer to a challenge past its five minutes', async () => {
    const enrolled = await enrolledPatient();
    const from = origin('req-pk-expired');
    const options = await startPasskeySignIn(deps, { tenant: enrolled.tenant, origin: from });
    const result = await signInWithPasskey(deps, {
      tenant: enrolled.tenant,
      response: enrolled.authenticator.assert(options),
      origin: from,
      now: new Date(Date.now() + (CHALLENGE_SECONDS + 60) * 1000),
    });
    expect(result).toEqual({ status: 'refused', reason: 'unknown_challenge' });
    expect(await refusalAudit('req-pk-expired')).toEqual({ outcome: 'failure', reason: 'unknown_challenge' });
  });

  it('limits sign-in attempts per address like the other ways in, and audits the refusal', async () => {
    const enrolled = await enrolledPatient();
    const from = origin('req-pk-limit');
    for (let index = 0; index < PASSKEY_SIGN_IN_PER_IP.limit; index += 1)
      await signInWithPasskey(deps, { tenant: enrolled.tenant, response: { garbage: index }, origin: from });
    const options = await startPasskeySignIn(deps, { tenant: enrolled.tenant, origin: from });
    const result = await signInWithPasskey(deps, {
      tenant: enrolled.tenant,
      response: enrolled.authenticator.assert(options),
      origin: from,
    });
    expect(result.status).toBe('rate_limited');
    const denied = await database.auditEvent.findFirst({
      where: { requestId: 'req-pk-limit', outcome: 'denied' },
    });
    expect(denied?.detail).toMatchObject({ method: 'passkey', reason: 'rate_limited:passkey:sign-in:ip' });
    expect(await storedState(enrolled.passkeyId)).toMatchObject({ counter: 0n, lastUsedAt: null });
  });

  it('refuses a registration answer made for another origin, and stores nothing', async () => {
    const tenant = await clinic();
    const account = await ensurePatientAccount(database, tenant.id, `pat-${Math.random().toString(36).slice(2)}`);
    const owner = { kind: 'patient', tenantId: tenant.id, accountId: account.id, patientId: 'p' } as const;
    const actor = { owner, origin: origin('req-pk-reg-origin') };
    const options = await startPasskeyRegistration(deps, { ...actor, rpName: 'x', userName: 'Patient' });
    const answer = new SoftwareAuthenticator('https://evil.test').register(options);
    await expect(
      registerPasskey(deps, { ...actor, body: registerPasskeyBodySchema.parse({ response: answer }) }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      reason: 'passkeys.registrationRefused',
    });
    expect(await listPasskeys(database, owner)).toEqual([]);
  });

  it('removing a passkey ends the account’s sessions; the removed passkey is refused after', async () => {
    const enrolled = await enrolledPatient();
    const before = await database.patientAccount.findUniqueOrThrow({ where: { id: enrolled.owner.accountId } });
    await removePasskey(deps, {
      owner: enrolled.owner,
      origin: origin('req-pk-remove'),
      passkeyId: enrolled.passkeyId,
    });
    const after = await database.patientAccount.findUniqueOrThrow({ where: { id: enrolled.owner.accountId } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await database.auditEvent.findFirst({ where: { requestId: 'req-pk-remove' } })).toMatchObject({
      action: 'passkey.removed',
      outcome: 'success',
    });
    const outcome = await attempt(enrolled, 'req-pk-removed', (options) => enrolled.authenticator.assert(options));
    expect(outcome).toEqual({
      status: 'refused',
      audit: { outcome: 'failure', reason: 'unknown_passkey' },
      changed: false,
    });
  });

  it('another account cannot remove a passkey that is not its own', async () => {
    const enrolled = await enrolledPatient();
    const someoneElse = await enrolledPatient(enrolled.tenant);
    await expect(
      removePasskey(deps, {
        owner: someoneElse.owner,
        origin: origin('req-pk-remove-other'),
        passkeyId: enrolled.passkeyId,
      }),
    ).rejects.toMatchObject({ code: 'not_found', reason: 'passkeys.notFound' });
    expect(await listPasskeys(database, enrolled.owner)).toHaveLength(1);
  });
});
