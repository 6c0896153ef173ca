import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { ensurePatientAccount } from '@/lib/identity/patient/patient-account';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { checkPatientSession, type SessionOptions } from './check-patient-session';
import type { PatientClaims } from './session-claims';

const database = testDatabase();
const options: SessionOptions = { secret: 'session-test-secret-session-test-secret', absoluteHours: 12 };

async function signedInPatient(): Promise<{ claims: PatientClaims; cookie: string; slug: string }> {
  const slug = uniqueSlug('sess');
  const tenant = await createTenant(database, {
    slug,
    displayName: 'Session Clinic',
    timeZone: 'UTC',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:oid:1.2',
  });
  const account = await ensurePatientAccount(database, tenant.id, `pat-${Math.random().toString(36).slice(2)}`);
  const claims: PatientClaims = {
    kind: 'patient',
    accountId: account.id,
    patientId: account.providerPatientId,
    tenantId: tenant.id,
    tenantSlug: slug,
    sessionVersion: account.sessionVersion,
    authTime: Math.floor(Date.now() / 1000),
  };
  return { claims, cookie: await encode({ token: { claims }, secret: options.secret }), slug };
}

function check(
  cookie: string,
  tenantSlug: string,
  requestId: string,
  overrides: Partial<SessionOptions> = {},
): Promise<PatientClaims | null> {
  return checkPatientSession(database, {
    request: { headers: {}, cookies: { 'next-auth.session-token': cookie } },
    options: { ...options, ...overrides },
    tenantSlug,
    origin: { requestId, ip: '203.0.113.30' },
  });
}

async function rejection(
  requestId: string,
): Promise<{ tenantId: string; action: string; outcome: string; reason: unknown } | null> {
  const row = await database.auditEvent.findFirst({ where: { requestId } });
  return row
    ? {
        tenantId: row.tenantId,
        action: row.action,
        outcome: row.outcome,
        reason: (row.detail as Record<string, unknown> | null)?.reason,
      }
    : null;
}

describe('patient sessions', () => {
  it('accept an intact cookie of this clinic', async () => {
    const { claims, cookie, slug } = await signedInPatient();
    expect(await check(cookie, slug, 'req-sess-ok')).toEqual(claims);
    expect(await rejection('req-sess-ok')).toBeNull();
  });

  it('refuse a tampered cookie and one signed with another secret, and audit it', async () => {
    const { claims, cookie, slug } = await signedInPatient();
    const middle = Math.floor(cookie.length / 2);
    const tampered = `${cookie.slice(0, middle)}${cookie[middle] === 'A' ? 'B' : 'A'}${cookie.slice(middle + 1)}`;
    expect(await check(tampered, slug, 'req-sess-tampered')).toBeNull();
    expect(await rejection('req-sess-tampered')).toEqual({
      tenantId: claims.tenantId,
      action: 'session.rejected',
      outcome: 'denied',
      reason: 'unreadable',
    });
    const foreign = await encode({ token: { claims }, secret: 'another-secret-another-secret-another' });
    expect(await check(foreign, slug, 'req-sess-foreign')).toBeNull();
    expect(await rejection('req-sess-foreign')).toMatchObject({ reason: 'unreadable' });
  });

  it('refuse another clinic’s session, audited at the clinic it was presented to', async () => {
    const mine = await signedInPatient();
    const other = await signedInPatient();
    expect(await check(mine.cookie, other.slug, 'req-sess-other')).toBeNull();
    expect(await rejection('req-sess-other')).toEqual({
      tenantId: other.claims.tenantId,
      action: 'session.rejected',
      outcome: 'denied',
      reason: 'other_clinic',
    });
  });

  it('refuse a revoked session and one past its absolute lifetime', async () => {
    const { claims, cookie, slug } = await signedInPatient();
    expect(await check(cookie, slug, 'req-sess-late', { now: new Date(Date.now() + 13 * 3600_000) })).toBeNull();
    expect(await rejection('req-sess-late')).toMatchObject({ reason: 'expired' });
    await database.patientAccount.update({
      where: { id: claims.accountId },
      data: { sessionVersion: { increment: 1 } },
    });
    expect(await check(cookie, slug, 'req-sess-revoked')).toBeNull();
    expect(await rejection('req-sess-revoked')).toMatchObject({ reason: 'revoked' });
  });
});
