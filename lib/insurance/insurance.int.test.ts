/**
 * Insurance use-cases end to end: coverage saved in the EHR (the sandbox over HTTP), eligibility asked
 * through both adapters (the sandbox as a FHIR payer; a loopback X12 clearinghouse), results recorded
 * in PostgreSQL, retries queued on a real pg-boss queue, every touch audited; bad input writes nothing.
 */
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDeskBoard } from '@/lib/checkin/get-desk-board';
import { DEMO_PAYERS } from '@/lib/demo/demo-tenant';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Appointment } from '@/lib/scheduling/types';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { startClearinghouseStub, type ClearinghouseStub } from '@/lib/testing/clearinghouse-stub';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { outcomeCode } from '@/lib/testing/error-code';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { zonedTimeToInstant } from '@/lib/time/zoned';
import { checkAppointmentEligibility } from './check-appointment-eligibility';
import { checkNextDayEligibility } from './check-next-day-eligibility';
import type { InsuranceDeps } from './insurance-deps';
import {
  ELIGIBILITY_QUEUES,
  queueDueNightlyRuns,
  queueRetries,
  startEligibilityQueue,
  startEligibilityWorkers,
} from './eligibility-jobs';
import { getEligibilityProvider } from './get-eligibility-provider';
import { listEligibilitySummaries } from './list-eligibility-summaries';
import { retryEligibilityCheck } from './retry-eligibility-check';
import { saveCoverage } from './save-coverage';
import { runWithRequestContext } from '@/lib/request-context';

const database = testDatabase();
const queueSchema = `elig_${Math.random().toString(36).slice(2, 8)}`;
const now = new Date('2031-06-02T15:00:00Z'); // Monday 10:00 in Chicago; tomorrow has slots.
const origin = { requestId: 'req-insurance-1' };
let sandbox: TestFhirSandbox;
let clearinghouse: ClearinghouseStub;
let boss: PgBoss;
let fhirTenant: Tenant;
let x12Tenant: Tenant;
let provider: SchedulingProvider;
let guardianId = '';
let childId = '';
let adultId = '';
let tomorrowAppointment: Appointment;

const depsFor = (tenant: Tenant): InsuranceDeps => ({
  database,
  provider,
  eligibility: getEligibilityProvider(tenant),
  scheduleRetry: queueRetries(boss, tenant.id),
  now: () => now,
});

async function queuedRetries(checkId: string): Promise<{ data: { attempts: number }; start_after: Date }[]> {
  return database.$queryRawUnsafe(
    `SELECT data, start_after FROM ${queueSchema}.job WHERE name = $1 AND data->>'checkId' = $2`,
    ELIGIBILITY_QUEUES.retry,
    checkId,
  );
}

beforeAll(async () => {
  clearinghouse = await startClearinghouseStub({ slowMs: 3000 });
  boss = await startEligibilityQueue(inject('databaseUrl'), queueSchema);
  const payers = DEMO_PAYERS.map((payer) => ({ ...payer }));
  const x12 = {
    kind: 'x12',
    endpoint: clearinghouse.endpoint,
    username: 'lakeside',
    password: 'secret',
    senderId: 'LAKESIDE',
    receiverId: 'CLEARHOUSE',
    providerName: 'Lakeside Community Health',
    providerNpi: '1234567893',
    usage: 'T',
  } as const;
  const providerSettings = {
    kind: 'fhir',
    mrnAssignment: 'app-check-digit',
    requestTimeoutMs: 8000,
    serviceTypeSystem: 'https://lakeside-health.example/fhir/service-type',
  } as const;
  const clinic = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'insurance',
    seed: { days: 3, practitioners: 2 },
    tenant: {
      providerSettings,
      insuranceSettings: { payers, eligibility: x12, requestTimeoutMs: 1000, nightlyHour: 18 },
    },
  });
  sandbox = clinic.sandbox;
  x12Tenant = clinic.tenant;
  // A second clinic on the same EHR, asking the sandbox itself as a FHIR payer.
  fhirTenant = await createTenant(database, {
    slug: uniqueSlug('ins-fhir'),
    displayName: 'Lakeside',
    timeZone: x12Tenant.timeZone,
    fhirBaseUrl: x12Tenant.fhirBaseUrl,
    mrnSystem: x12Tenant.mrnSystem,
    fhirAuth: x12Tenant.fhirAuth,
    providerSettings,
    insuranceSettings: {
      payers,
      eligibility: { kind: 'fhir', baseUrl: clinic.partition.baseUrl, auth: x12Tenant.fhirAuth },
      requestTimeoutMs: 5000,
      nightlyHour: 18,
    },
  });
  provider = createFhirProvider(fhirTenant);
  guardianId = (await provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn))?.id ?? '';
  childId = (await provider.findPatientByMrn(DEMO_PATIENTS.dependents[0].mrn))?.id ?? '';
  adultId = (await provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn))?.id ?? '';
  const services = await provider.listServices();
  for (const service of services) {
    const page = await provider.searchFreeSlots({
      serviceCode: service.code,
      from: '2031-06-03T05:00:00Z',
      to: '2031-06-04T05:00:00Z',
      pageSize: 1,
    });
    const slot = page.items[0];
    if (slot) {
      tomorrowAppointment = await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: adultId });
      break;
    }
  }
}, 180_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await clearinghouse.close();
  await sandbox.close();
});

const save = (
  tenant: Tenant,
  coverage: Parameters<typeof saveCoverage>[1]['coverage'],
  accountPatientId = guardianId,
): ReturnType<typeof saveCoverage> =>
  saveCoverage(depsFor(tenant), { tenant, accountId: 'acct-ins', accountPatientId, coverage, origin });

describe('saving coverage with the FHIR adapter (sandbox as payer)', () => {
  it('stores a Coverage in the EHR and records "active" with plan and copay, audited', async () => {
    const result = await save(fhirTenant, {
      payerId: 'BPHP1',
      memberId: 'bp-778899',
      groupNumber: 'grp-1',
      relationship: 'self',
    });
    expect(result.coverage).toMatchObject({
      payerId: 'payer-blue-prairie',
      memberId: 'BP-778899',
      groupNumber: 'GRP-1',
      relationship: 'self',
    });
    expect((await provider.listCoverage(guardianId))[0]?.id).toBe(result.coverage.id);
    expect(result.eligibility).toMatchObject({
      status: 'active',
      planName: 'Blue Prairie Health Plan PPO',
      copay: '25.00',
      attempts: 1,
      nextRetryAt: null,
    });
    const row = await database.eligibilityCheck.findFirst({
      where: { tenantId: fhirTenant.id, coverageId: result.coverage.id },
    });
    expect(row?.status).toBe('active');
    expect(
      await database.auditEvent.count({
        where: {
          tenantId: fhirTenant.id,
          patientId: guardianId,
          action: { in: ['coverage.write', 'coverage.eligibility_check'] },
        },
      }),
    ).toBe(2);
  });

  it('records "inactive" with the payer’s words for an INA member id, without a retry', async () => {
    const result = await save(fhirTenant, { payerId: 'GLMCD', memberId: 'INA4455', relationship: 'self' });
    expect(result.eligibility).toMatchObject({
      status: 'inactive',
      payerMessage: 'Coverage terminated',
      nextRetryAt: null,
    });
    expect(await queuedRetries(result.eligibility?.checkId ?? '')).toHaveLength(0);
  });

  it('records a payer rejection as "unknown" with its message, and queues one later retry', async () => {
    const result = await save(fhirTenant, { payerId: 'BPHP1', memberId: 'ERR123', relationship: 'self' });
    expect(result.eligibility).toMatchObject({
      status: 'unknown',
      reason: 'rejected',
      payerMessage: 'Subscriber not found',
      attempts: 1,
    });
    const retries = await queuedRetries(result.eligibility?.checkId ?? '');
    expect(retries).toHaveLength(1);
    expect(new Date(retries[0]?.start_after ?? 0).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
  });

  it('saves the coverage when the payer is down: "unknown, will retry", and the retry counts attempts', async () => {
    const result = await save(fhirTenant, { payerId: 'MWMUT', memberId: 'DWN777', relationship: 'self' });
    expect((await provider.listCoverage(guardianId))[0]?.memberId).toBe('DWN777');
    expect(result.eligibility).toMatchObject({ status: 'unknown', reason: 'unavailable', attempts: 1 });
    expect(result.eligibility?.nextRetryAt).not.toBeNull();
    const retried = await retryEligibilityCheck(depsFor(fhirTenant), {
      tenant: fhirTenant,
      checkId: result.eligibility?.checkId ?? '',
      attempts: 1,
    });
    expect(retried).toMatchObject({ status: 'unknown', reason: 'unavailable', attempts: 2 });
    // A stale retry (attempt 1 again) does nothing.
    expect(
      await retryEligibilityCheck(depsFor(fhirTenant), {
        tenant: fhirTenant,
        checkId: result.eligibility?.checkId ?? '',
        attempts: 1,
      }),
    ).toBeNull();
  });

  it('updates the coverage on file when the same plan is entered again, instead of adding a second one', async () => {
    const first = await save(fhirTenant, {
      patientId: childId,
      payerId: 'GLMCD',
      memberId: 'KID-OLD-1',
      relationship: 'child',
    });
    const count = (await provider.listCoverage(childId)).length;
    const second = await save(fhirTenant, {
      patientId: childId,
      payerId: 'GLMCD',
      memberId: 'KID-NEW-2',
      relationship: 'child',
    });
    expect(second.coverage.id).toBe(first.coverage.id);
    const onFile = await provider.listCoverage(childId);
    expect(onFile).toHaveLength(count);
    expect(onFile.find((coverage) => coverage.id === first.coverage.id)?.memberId).toBe('KID-NEW-2');
  });

  it('makes the guardian the subscriber of a dependent’s coverage', async () => {
    const result = await save(fhirTenant, {
      patientId: childId,
      payerId: 'BPHP1',
      memberId: 'KID001',
      relationship: 'child',
    });
    expect(result.coverage).toMatchObject({ subscriberPatientId: guardianId, relationship: 'child' });
    expect((await provider.listCoverage(childId))[0]?.id).toBe(result.coverage.id);
    expect(result.eligibility?.status).toBe('active');
  });
});

describe('bad input writes nothing', () => {
  const cases: [string, Parameters<typeof save>[1], string?][] = [
    ['a member id with illegal characters', { payerId: 'BPHP1', memberId: "X1'; DROP--", relationship: 'self' }],
    ['a member id with spaces', { payerId: 'BPHP1', memberId: 'AB 123', relationship: 'self' }],
    [
      'a group number with illegal characters',
      { payerId: 'BPHP1', memberId: 'OK123', groupNumber: 'G*1~', relationship: 'self' },
    ],
    ['a payer not on the clinic’s list', { payerId: 'NOPE1', memberId: 'OK123', relationship: 'self' }],
    ['"self" for a dependent', { patientId: 'CHILD', payerId: 'BPHP1', memberId: 'OK123', relationship: 'self' }],
  ];
  for (const [label, input] of cases) {
    it(`refuses ${label} with invalid_input`, async () => {
      const target = input.patientId === 'CHILD' ? childId : guardianId;
      const coverage = { ...input, ...(input.patientId === 'CHILD' ? { patientId: childId } : {}) };
      const [coveragesBefore, checksBefore] = [
        (await provider.listCoverage(target)).length,
        await database.eligibilityCheck.count({ where: { tenantId: fhirTenant.id } }),
      ];
      expect(await outcomeCode(save(fhirTenant, coverage))).toBe('invalid_input');
      expect((await provider.listCoverage(target)).length).toBe(coveragesBefore);
      expect(await database.eligibilityCheck.count({ where: { tenantId: fhirTenant.id } })).toBe(checksBefore);
    });
  }

  it('treats someone the guardian is not linked to as not found', async () => {
    const before = (await provider.listCoverage(adultId)).length;
    expect(
      await outcomeCode(
        save(fhirTenant, { patientId: adultId, payerId: 'BPHP1', memberId: 'OK123', relationship: 'other' }),
      ),
    ).toBe('not_found');
    expect((await provider.listCoverage(adultId)).length).toBe(before);
  });
});

describe('the X12 adapter through a loopback clearinghouse', () => {
  it('sends a real 270 with the clinic’s credentials and records "active" from the 271', async () => {
    const result = await save(x12Tenant, {
      payerId: 'BPHP1',
      memberId: 'X12GOOD1',
      groupNumber: 'G7',
      relationship: 'self',
    });
    expect(result.eligibility).toMatchObject({ status: 'active', planName: 'GOLD PPO 500', copay: '25.00' });
    const inquiry = clearinghouse.inquiries.at(-1) ?? '';
    expect(inquiry).toContain('ST*270*0001*005010X279A1~');
    expect(inquiry).toContain('NM1*IL*1*LOPEZ*MARIA****MI*X12GOOD1~');
    expect(inquiry).toContain('NM1*PR*2*BLUE PRAIRIE HEALTH PLAN*****PI*BPHP1~');
    expect(clearinghouse.authorizations.at(-1)).toBe(`Basic ${Buffer.from('lakeside:secret').toString('base64')}`);
  });

  const failures: [string, string, Record<string, unknown>][] = [
    [
      'an AAA rejection (subscriber not found)',
      'ERR9',
      { status: 'unknown', reason: 'rejected', payerNotices: [{ kind: 'rejected', rejectReason: '75' }] },
    ],
    [
      'an AAA "unable to respond now"',
      'BUSY9',
      { status: 'unknown', reason: 'unavailable', payerNotices: [{ kind: 'rejected', rejectReason: '42' }] },
    ],
    ['a malformed 271 (wrong segment count)', 'BAD9', { status: 'unknown', reason: 'malformed' }],
    ['an answer that is not X12', 'JUNK9', { status: 'unknown', reason: 'malformed' }],
    ['a timeout', 'SLOW9', { status: 'unknown', reason: 'timeout' }],
    ['the clearinghouse being down (503)', 'DWN9', { status: 'unknown', reason: 'unavailable' }],
  ];
  for (const [label, memberId, expected] of failures) {
    it(`records ${label} as ${String(expected.reason)}, keeps the coverage, and plans a retry`, async () => {
      // Each case re-enters the same plan's coverage; only the retry this save plans is of interest.
      await boss.purgeQueue(ELIGIBILITY_QUEUES.retry);
      const result = await save(x12Tenant, { payerId: 'GLMCD', memberId, relationship: 'self' });
      expect((await provider.listCoverage(guardianId))[0]?.memberId).toBe(memberId);
      expect(result.eligibility).toMatchObject({ ...expected, attempts: 1 });
      const row = await database.eligibilityCheck.findUniqueOrThrow({
        where: { id: result.eligibility?.checkId ?? '' },
      });
      expect(row.status).toBe('unknown');
      expect(row.reason).toBe(expected.reason);
      expect(row.nextRetryAt).not.toBeNull();
      expect(await queuedRetries(row.id)).toHaveLength(1);
    });
  }

  it('reads an inactive 271', async () => {
    expect(
      (await save(x12Tenant, { payerId: 'MWMUT', memberId: 'INA42', relationship: 'self' })).eligibility,
    ).toMatchObject({ status: 'inactive', payerMessage: 'COVERAGE TERMINATED 2026-06-30' });
  });
});

describe('checks for appointments', () => {
  it('the front desk checks one appointment on demand; the result is kept for that appointment', async () => {
    expect(tomorrowAppointment).toBeDefined();
    const staff = { id: 'staff-1', role: 'front_desk', locationIds: [] };
    const result = await checkAppointmentEligibility(depsFor(fhirTenant), {
      tenant: fhirTenant,
      appointmentId: tomorrowAppointment.id,
      staff,
      origin,
    });
    // James Carter's seeded coverage has an INA... member id.
    expect(result).toMatchObject({ status: 'inactive', appointmentId: tomorrowAppointment.id, patientId: adultId });
    const summaries = await listEligibilitySummaries(database, {
      tenantId: fhirTenant.id,
      appointmentIds: [tomorrowAppointment.id],
      patientIds: [guardianId],
    });
    expect(summaries.forAppointment(tomorrowAppointment)?.status).toBe('inactive');
    expect(summaries.byPatient.get(guardianId)).toBeDefined();
    expect(
      await database.auditEvent.count({
        where: {
          tenantId: fhirTenant.id,
          action: 'coverage.eligibility_check',
          actorType: 'staff',
          patientId: adultId,
        },
      }),
    ).toBe(1);
  });

  it('the front-desk board shows each visit’s last result', async () => {
    const board = await getDeskBoard(
      { database, provider, now: () => new Date('2031-06-03T15:00:00Z') },
      { tenant: fhirTenant, staffId: 'staff-1', role: 'front_desk', locationIds: [], locale: 'en', origin },
    );
    const row = board.locations
      .flatMap((location) => location.rows)
      .find((entry) => entry.appointmentId === tomorrowAppointment.id);
    expect(row?.eligibility).toBe('inactive');
  });

  it('front desk staff of another location get "not found"', async () => {
    const staff = { id: 'staff-2', role: 'front_desk', locationIds: ['elsewhere'] };
    expect(
      await outcomeCode(
        checkAppointmentEligibility(depsFor(fhirTenant), {
          tenant: fhirTenant,
          appointmentId: tomorrowAppointment.id,
          staff,
        }),
      ),
    ).toBe('not_found');
  });

  it('the nightly run checks every appointment of the clinic’s tomorrow', async () => {
    await database.eligibilityCheck.deleteMany({
      where: { tenantId: fhirTenant.id, appointmentId: tomorrowAppointment.id },
    });
    const summary = await checkNextDayEligibility(depsFor(fhirTenant), { tenant: fhirTenant });
    expect(summary.date).toBe('2031-06-03');
    expect(summary.appointments).toBeGreaterThanOrEqual(1);
    const row = await database.eligibilityCheck.findFirst({
      where: { tenantId: fhirTenant.id, appointmentId: tomorrowAppointment.id },
    });
    expect(row).toMatchObject({ status: 'inactive', patientId: adultId });
    expect(
      await database.auditEvent.count({
        where: {
          tenantId: fhirTenant.id,
          action: 'coverage.eligibility_check',
          actorType: 'system',
          actorId: 'eligibility-nightly',
        },
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('the hourly tick queues a clinic’s nightly run once, at its nightly hour in its own time zone', async () => {
    const at18 = zonedTimeToInstant('2031-06-02', 18, 5, 'America/Chicago');
    const mine = (jobs: { tenantId: string }[]): number =>
      jobs.filter((job) => job.tenantId === fhirTenant.id || job.tenantId === x12Tenant.id).length;
    expect(
      mine(
        await queueDueNightlyRuns({
          database,
          boss,
          now: () => zonedTimeToInstant('2031-06-02', 17, 5, 'America/Chicago'),
        }),
      ),
    ).toBe(0);
    expect(mine(await queueDueNightlyRuns({ database, boss, now: () => at18 }))).toBe(2);
    expect(mine(await queueDueNightlyRuns({ database, boss, now: () => at18 }))).toBe(0);
  });

  it('workers schedule the hourly tick and run a queued retry: the check is asked again, attempts grow', async () => {
    // The same plan's coverage as the cases above: only the retry planned here is of interest.
    await boss.purgeQueue(ELIGIBILITY_QUEUES.retry);
    const first = await runWithRequestContext({ requestId: 'req-planned-the-retry' }, () =>
      save(x12Tenant, { payerId: 'GLMCD', memberId: 'DWN-WORKER', relationship: 'self' }),
    );
    const checkId = first.eligibility?.checkId ?? '';
    // Bring the planned retry forward to now, as if its time had come.
    await database.$executeRawUnsafe(
      `UPDATE ${queueSchema}.job SET start_after = now() WHERE name = $1 AND data->>'checkId' = $2`,
      ELIGIBILITY_QUEUES.retry,
      checkId,
    );
    await startEligibilityWorkers({ database, boss, depsFor });
    expect((await boss.getSchedules()).find((schedule) => schedule.name === ELIGIBILITY_QUEUES.tick)).toMatchObject({
      cron: '0 * * * *',
    });
    await expect
      .poll(async () => (await database.eligibilityCheck.findUniqueOrThrow({ where: { id: checkId } })).attempts, {
        timeout: 20_000,
      })
      .toBe(2);
    // The retry carries the request that planned it into its audit entry.
    expect(
      await database.auditEvent.count({
        where: {
          tenantId: x12Tenant.id,
          action: 'coverage.eligibility_check',
          actorId: 'eligibility-retry',
          requestId: 'req-planned-the-retry',
        },
      }),
    ).toBeGreaterThanOrEqual(1);
  }, 30_000);
});
