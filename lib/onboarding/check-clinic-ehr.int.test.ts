import { spawn } from 'node:child_process';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { testDatabase } from '@/lib/testing/database';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic, type SandboxClinic } from '@/lib/testing/sandbox-clinic';
import type { EnsurePartitionOptions } from '@/lib/fhir-server/partitions';
import { bookAppointment } from '@/lib/booking/book-appointment';
import { cancelAppointment } from '@/lib/booking/cancel-appointment';
import { startQueue } from '@/lib/notify/queue';
import { appErrorOf } from '@/lib/testing/error-code';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { holdSlot } from '@/lib/booking/hold-slot';
import { releaseHold } from '@/lib/booking/release-hold';
import type { Tenant } from '@/lib/tenancy/tenant';
import { providerSettingsSchema } from '@/lib/tenancy/tenant-settings';
import { renderCheckItem } from '@/lib/i18n/ehr-check-text';
import type { Locale } from '@/lib/i18n/locales';
import type { EhrCheckItem } from '@/lib/tenancy/ehr-check';
import { checkClinicEhr } from './check-clinic-ehr';

const database = testDatabase();

/** An item's sentences as an administrator reads them (the report itself holds codes and values). */
function words(item: EhrCheckItem | undefined, locale: Locale = 'en'): string {
  return item ? renderCheckItem(item, locale).detail : '';
}

/** Runs a CLI script without blocking this process (it serves the sandbox the script talks to). */
function runCli(args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', ...args], { env: { ...process.env, DATABASE_URL: inject('databaseUrl') } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout }));
  });
}
const sandboxes: TestFhirSandbox[] = [];

afterAll(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
});

async function clinic(
  name: string,
  sandbox: EnsurePartitionOptions = {},
  tenant: Partial<Pick<Tenant, 'providerSettings'>> = {},
): Promise<SandboxClinic> {
  const started = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name,
    sandbox,
    tenant,
  });
  sandboxes.push(started.sandbox);
  return started;
}

async function check(started: SandboxClinic): Promise<Awaited<ReturnType<typeof checkClinicEhr>>> {
  return checkClinicEhr({
    database,
    tenant: started.tenant,
    provider: createFhirProvider(started.tenant),
    actor: { type: 'system', id: 'test' },
  });
}

describe('the onboarding check of a clinic’s EHR', () => {
  it('passes a strict EHR that offers everything, and leaves online booking on', async () => {
    const started = await clinic('check-ok');
    const report = await check(started);
    expect(report.items.filter((item) => item.status !== 'ok')).toEqual([]);
    expect(report.bookingAllowed).toBe(true);
    expect((await getTenantBySlug(database, started.tenant.slug))?.ehrCheck?.bookingAllowed).toBe(true);
  });

  it('reports the missing scope of a read-only client in words an integrator can act on', async () => {
    const report = await check(await clinic('check-read-only', { clientScopes: 'system/*.rs' }));
    const scope = report.items.find((item) => item.key === 'scope');
    expect(scope?.status).toBe('missing');
    expect(scope?.detail[0]).toMatchObject({ code: 'scopeLacks', params: { granted: 'system/*.rs' } });
    expect(words(scope)).toContain('system/*.rs');
    expect(words(scope)).toMatch(/Slot: update/);
    expect(words(scope, 'es')).toMatch(/^Al token se le concedió «system\/\*\.rs», que no permite .*Slot: actualizar/);
    expect(words(scope, 'zh')).toMatch(/Slot：更新/);
    expect(report.bookingAllowed).toBe(false);
  });

  it('finds out by a probe that transactions are not atomic, though declared, and stops online booking', async () => {
    const started = await clinic('check-batch', { transactions: 'non-atomic' });
    const report = await check(started);
    expect(report.items.find((item) => item.key === 'transaction')?.status).toBe('ok');
    const atomic = report.items.find((item) => item.key === 'atomic');
    expect(atomic?.status).toBe('wrong');
    expect(words(atomic)).toContain('runs transactions as batches');
    expect(words(atomic, 'es')).toContain('ejecuta las transacciones como lotes');
    expect(report.bookingAllowed).toBe(false);
    const stored = await getTenantBySlug(database, started.tenant.slug);
    expect(stored?.ehrCheck?.bookingAllowed).toBe(false);
    const audit = await database.auditEvent.findFirst({
      where: { tenantId: started.tenant.id, action: 'tenant.ehr_check' },
    });
    expect(audit?.outcome).toBe('failure');

    // The clinic is read-only online: booking and cancelling answer "please call the clinic".
    const tenant = stored ?? started.tenant;
    const boss = await startQueue(inject('databaseUrl'), 'pgboss_ehr_check_test');
    try {
      const provider = createFhirProvider(tenant);
      const deps = {
        database,
        provider,
        notifier: outboxNotifier(database, boss),
        appBaseUrl: 'http://localhost',
      };
      const patient = await provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn);
      if (!patient) throw new Error('no patient');
      const actor = { tenant, accountId: 'account-1', patientId: patient.id, locale: 'es' as const, origin: {} };
      const [slot] = (
        await provider.searchFreeSlots({
          serviceCode: 'primary-care',
          from: '2031-06-02T00:00:00.000Z',
          to: '2031-06-03T00:00:00.000Z',
          pageSize: 1,
        })
      ).items;
      if (!slot) throw new Error('no slot');
      const refused = await appErrorOf(
        bookAppointment(deps, actor, {
          forPatientId: patient.id,
          slotId: slot.id,
          slotVersion: slot.version,
          idempotencyKey: 'ehr-check-refused-booking',
        }),
      );
      expect(refused).toMatchObject({ code: 'unavailable', reason: 'booking.onlineBookingUnavailable' });
      expect(refused.message).toContain('Please call the clinic');
      expect(refused.messageIn('es')).toContain('Llame a la clínica');
      expect((await provider.getSlot(slot.id)).status).toBe('free');
      expect(await appErrorOf(cancelAppointment(deps, actor, { appointmentId: 'any-appointment' }))).toMatchObject({
        reason: 'booking.onlineBookingUnavailable',
      });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it('passes an EHR that books only by the IHE operations, and the use-cases book, hold and cancel there', async () => {
    const started = await clinic('check-ops', { scheduling: 'operations-only' });
    const report = await check(started);
    const mode = report.items.find((item) => item.key === 'booking-mode');
    expect(mode).toMatchObject({ status: 'ok' });
    expect(words(mode)).toContain('IHE ITI Scheduling operations');
    expect(words(mode)).toContain('Chosen from the CapabilityStatement');
    expect(report.items.find((item) => item.key === 'atomic')?.status).toBe('skipped');
    expect(report.items.filter((item) => item.required && item.status !== 'ok')).toEqual([]);
    expect(report.bookingAllowed).toBe(true);

    const tenant = (await getTenantBySlug(database, started.tenant.slug)) ?? started.tenant;
    const boss = await startQueue(inject('databaseUrl'), 'pgboss_ehr_check_ops_test');
    try {
      const provider = createFhirProvider(tenant);
      const deps = {
        database,
        provider,
        notifier: outboxNotifier(database, boss),
        appBaseUrl: 'http://localhost',
        now: () => new Date('2031-05-30T12:00:00.000Z'),
      };
      const patient = await provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn);
      if (!patient) throw new Error('no patient');
      const actor = { tenant, accountId: 'account-ops', patientId: patient.id, locale: 'en' as const, origin: {} };
      const [slot, other] = (
        await provider.searchFreeSlots({
          serviceCode: 'primary-care',
          from: '2031-06-02T00:00:00.000Z',
          to: '2031-06-03T00:00:00.000Z',
          pageSize: 2,
        })
      ).items;
      if (!slot || !other) throw new Error('no slots');
      const { hold } = await holdSlot(deps, actor, { forPatientId: patient.id, slotId: slot.id });
      if (!hold) throw new Error('no hold');
      expect((await provider.getSlot(slot.id)).status).toBe('busy-tentative');
      const { appointment } = await bookAppointment(deps, actor, {
        forPatientId: patient.id,
        slotId: slot.id,
        slotVersion: slot.version,
        idempotencyKey: 'ops-booking-1',
        holdId: hold.id,
      });
      expect(appointment).toMatchObject({ status: 'booked', slotIds: [slot.id] });
      const cancelled = await cancelAppointment(deps, actor, { appointmentId: appointment.id });
      expect(cancelled.appointment.status).toBe('cancelled');
      expect((await provider.getSlot(slot.id)).status).toBe('free');

      const second = await holdSlot(deps, actor, { forPatientId: patient.id, slotId: other.id });
      if (!second.hold) throw new Error('no hold');
      await releaseHold(deps, actor, { forPatientId: patient.id, holdId: second.hold.id });
      expect((await provider.getSlot(other.id)).status).toBe('free');
      const audit = await database.auditEvent.findMany({
        where: { tenantId: tenant.id, action: { in: ['slot.hold', 'slot.release_hold'] } },
      });
      expect(audit.map((entry) => entry.action).sort()).toEqual(['slot.hold', 'slot.hold', 'slot.release_hold']);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it('refuses online booking where the clinic is set to the operations but the EHR does not declare them', async () => {
    const started = await clinic(
      'check-ops-missing',
      {},
      { providerSettings: providerSettingsSchema.parse({ bookingMode: 'operations' }) },
    );
    const report = await check(started);
    const mode = report.items.find((item) => item.key === 'booking-mode');
    expect(mode?.status).toBe('missing');
    expect(words(mode)).toContain('Appointment/$find and $book');
    expect(report.bookingAllowed).toBe(false);
  });

  it(
    'is what `npm run tenant:check` prints, exiting 1 when online booking is not allowed',
    { timeout: 60_000 },
    async () => {
      const started = await clinic('check-cli', { transactions: 'non-atomic' });
      const result = await runCli(['scripts/tenant-check.ts', '--slug', started.tenant.slug]);
      expect(result.stdout).toContain('WRONG    Atomic transactions (probe)');
      expect(result.stdout).toContain('cannot take bookings online');
      expect(result.status).toBe(1);
      const json = await runCli(['scripts/tenant-check.ts', '--slug', started.tenant.slug, '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({ bookingAllowed: false });
    },
  );
});
