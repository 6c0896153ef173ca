import { staffSignInFacts } from '@/lib/auth/staff-second-factor/second-factor-policy';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import {
  authenticateStaff,
  revokeStaffSessions,
  STAFF_FAILURES_PER_ACCOUNT,
  STAFF_FAILURES_PER_ACCOUNT_AND_SOURCE,
} from './authenticate-staff';
import { recordFailure } from '@/lib/security/rate-limit';
import { createStaffUser } from './create-staff-user';

const database = testDatabase();
const origin = { ip: '192.0.2.10', userAgent: 'vitest', requestId: 'req-staff-0001' };

async function clinicWithDesk(): Promise<{ tenantId: string; email: string }> {
  const tenant = await createTenant(database, {
    slug: uniqueSlug('desk'),
    displayName: 'Desk Clinic',
    timeZone: 'America/Chicago',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:oid:1.2',
  });
  const email = `desk-${Math.random().toString(36).slice(2, 8)}@clinic.example`;
  await createStaffUser(database, tenant.id, {
    email,
    displayName: 'Dana Reyes',
    password: 'a long desk password',
    role: 'front_desk',
  });
  return { tenantId: tenant.id, email };
}

describe('staff sign-in', () => {
  it('signs in with the right password (email case does not matter) and audits the success', async () => {
    const { tenantId, email } = await clinicWithDesk();
    const staff = await authenticateStaff(database, {
      tenantId,
      email: email.toUpperCase(),
      password: 'a long desk password',
      origin,
    });
    expect(staff).toMatchObject({ email, role: 'front_desk', displayName: 'Dana Reyes' });
    const events = await database.auditEvent.findMany({ where: { tenantId, action: 'staff.login' } });
    expect(events).toMatchObject([
      { outcome: 'success', actorType: 'staff', actorId: staff?.id, ip: '192.0.2.10', requestId: 'req-staff-0001' },
    ]);
  });

  it('gives the same answer for a wrong password and an unknown email, and audits both as failures', async () => {
    const { tenantId, email } = await clinicWithDesk();
    expect(await authenticateStaff(database, { tenantId, email, password: 'not the password', origin })).toBeNull();
    expect(
      await authenticateStaff(database, {
        tenantId,
        email: 'nobody@clinic.example',
        password: 'a long desk password',
        origin,
      }),
    ).toBeNull();
    const outcomes = await database.auditEvent.findMany({
      where: { tenantId, action: 'staff.login' },
      orderBy: { id: 'asc' },
    });
    expect(outcomes.map((event) => [event.outcome, event.actorType])).toEqual([
      ['failure', 'staff'],
      ['failure', 'anonymous'],
    ]);
  });

  it('does not let a staff account of one clinic sign in at another', async () => {
    const first = await clinicWithDesk();
    const second = await clinicWithDesk();
    expect(
      await authenticateStaff(database, {
        tenantId: second.tenantId,
        email: first.email,
        password: 'a long desk password',
        origin,
      }),
    ).toBeNull();
  });

  it('does not lock a staff email out after 10 wrong passwords: the guesser waits, the clerk signs in', async () => {
    const { tenantId, email } = await clinicWithDesk();
    const otherInstance = createDatabase(inject('databaseUrl'));
    const attacker = { ...origin, ip: '198.51.100.77' };
    try {
      const results: string[] = [];
      for (let attempt = 0; attempt < 10; attempt += 1)
        results.push(
          await authenticateStaff(attempt % 2 === 0 ? database : otherInstance, {
            tenantId,
            email,
            password: 'wrong password guess',
            origin: attacker,
          }).then(
            () => 'answered',
            (error: unknown) => {
              if (error instanceof AppError && error.code === 'rate_limited')
                return `limited:${String((error.retryAfterSeconds ?? 0) <= 30)}`;
              throw error;
            },
          ),
        );
      // Five free tries, then the same source waits (30 s, doubling); counted across instances.
      expect(results.slice(0, STAFF_FAILURES_PER_ACCOUNT_AND_SOURCE.freeFailures)).toEqual(Array(5).fill('answered'));
      expect(new Set(results.slice(5))).toEqual(new Set(['limited:true']));
      // The clerk at the desk, on another network, signs in at once.
      const clerk = await authenticateStaff(otherInstance, {
        tenantId,
        email,
        password: 'a long desk password',
        origin: { ...origin, ip: '192.0.2.44' },
      });
      expect(clerk?.email).toBe(email);
    } finally {
      await otherInstance.$disconnect();
    }
  });

  it('stops guesses spread over many sources at the per-account ceiling', async () => {
    const { tenantId, email } = await clinicWithDesk();
    for (let failure = 0; failure < (STAFF_FAILURES_PER_ACCOUNT.ceiling ?? 0); failure += 1)
      await recordFailure(database, STAFF_FAILURES_PER_ACCOUNT, tenantId, email);
    await expect(
      authenticateStaff(database, { tenantId, email, password: 'a long desk password', origin }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('revokes every session of an account by bumping its session version', async () => {
    const { tenantId, email } = await clinicWithDesk();
    const staff = await authenticateStaff(database, { tenantId, email, password: 'a long desk password', origin });
    if (!staff) throw new Error('sign-in failed');
    await revokeStaffSessions(database, staff.id);
    expect(await staffSignInFacts(database, { tenantId, staffUserId: staff.id })).toMatchObject({
      sessionVersion: staff.sessionVersion + 1,
      active: true,
    });
  });
});
