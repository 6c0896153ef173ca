/**
 * One run of change detection for one clinic: read the EHR's change feed from the stored cursor,
 * detect events, store them (each once per record version, so a re-run reports nothing twice), then
 * what is remembered of the appointments with the new cursor in one transaction (an outage mid-run
 * loses nothing: the cursor moves only after the events are stored), then react to every event not
 * yet handled. However many changes a run reads (a bulk change in the EHR, or a clinic's whole data
 * written just before its first run), its writes are bounded statements with no interactive
 * transaction to outlast: a run that could not commit would leave the cursor in place, and every later
 * run would read and fail on the same batch again. One runner per clinic across replicas: a lease on the clinic's
 * `ClinicSync` row; a run asked for while one is going (a Subscription notification) makes the runner
 * go once more. The first run of a clinic remembers its account holders' appointments over the
 * booking horizon (read in concurrent windows) and subscribes where the EHR offers Subscriptions; a
 * clinic whose EHR fails to make them, or later stops notifying, is polled (from the same cursor).
 * Every few minutes a run also looks for followed appointments deleted in the EHR (sweep-deleted-appointments.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '@/lib/audit/record-audit';
import { bookableRange } from '@/lib/booking/rules';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import type { Change } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { detectEvents, type RememberedAppointment } from './detect-events';
import { reactToEvent } from './react-to-event';
import { schedulingEventSchema, storeSchedulingEvents } from './scheduling-events';
import type { SyncDeps } from './sync-deps';
import { sweepDeletedAppointments } from './sweep-deleted-appointments';

const LEASE_MS = 5 * 60_000;
const EVENTS_PER_ROUND = 200;

export interface ClinicSyncOutcome {
  initial: boolean;
  changes: number;
  events: number;
  unmappable: number;
  reactions: number;
}

export function notificationSecretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What failed, in words without PHI (error reason keys, never the EHR's text). */
function errorSummary(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.reason}`;
  return 'unexpected error (see the logs)';
}

async function takeLease(deps: SyncDeps, tenantId: string): Promise<boolean> {
  const now = new Date();
  await deps.database.clinicSync.upsert({ where: { tenantId }, create: { tenantId }, update: {} });
  const taken = await deps.database.clinicSync.updateMany({
    where: { tenantId, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: new Date(now.getTime() + LEASE_MS), rerunRequested: false },
  });
  if (taken.count === 0) await deps.database.clinicSync.update({ where: { tenantId }, data: { rerunRequested: true } });
  return taken.count === 1;
}

/** Runs change detection for the clinic; null when another runner has it (that runner goes again). */
export async function runClinicSync(deps: SyncDeps, tenant: Tenant): Promise<ClinicSyncOutcome | null> {
  if (!(await takeLease(deps, tenant.id))) return null;
  let outcome: ClinicSyncOutcome | null = null;
  for (;;) {
    try {
      const started = Date.now();
      outcome = await syncOnce(deps, tenant);
      log().debug({ tenant: tenant.slug, ...outcome, ms: Date.now() - started }, 'change detection run');
    } catch (error) {
      log().warn({ tenant: tenant.slug, reason: errorSummary(error) }, 'change detection run failed');
      await deps.database.clinicSync.update({
        where: { tenantId: tenant.id },
        data: { lastErrorAt: new Date(), lastError: errorSummary(error), leaseUntil: null },
      });
      throw error;
    }
    const again = await deps.database.clinicSync.updateMany({
      where: { tenantId: tenant.id, rerunRequested: true },
      data: { rerunRequested: false },
    });
    if (again.count === 0) break;
  }
  await deps.database.clinicSync.update({ where: { tenantId: tenant.id }, data: { leaseUntil: null } });
  return outcome;
}

async function syncOnce(deps: SyncDeps, tenant: Tenant): Promise<ClinicSyncOutcome> {
  const provider = deps.providerFor(tenant);
  const settings = tenant.providerSettings.changeDetection;
  const now = deps.now?.() ?? new Date();
  const row = await deps.database.clinicSync.findUniqueOrThrow({ where: { tenantId: tenant.id } });
  if (!row.cursor) {
    await firstSync(deps, tenant, now);
    return { initial: true, changes: 0, events: 0, unmappable: 0, reactions: 0 };
  }
  if (row.source === 'subscription') await pollUnlessStillSubscribed(deps, tenant, row, now);
  else if (settings.useSubscriptions) await subscribeAgainWhenDue(deps, tenant, row, now);
  const batch = await provider.changesSince(row.cursor, { now, overlapSeconds: settings.overlapSeconds });
  const appointmentChanges = batch.changes.flatMap((change) => (change.kind === 'appointment' ? [change] : []));
  const patientIds = [
    ...new Set(
      appointmentChanges.flatMap((change) => (change.appointment.patientId ? [change.appointment.patientId] : [])),
    ),
  ];
  const [accounts, remembered] = await Promise.all([
    deps.database.patientAccount.findMany({
      where: { tenantId: tenant.id, providerPatientId: { in: patientIds } },
      select: { providerPatientId: true },
    }),
    deps.database.syncedAppointment.findMany({
      where: { tenantId: tenant.id, appointmentId: { in: appointmentChanges.map((change) => change.id) } },
    }),
  ]);
  const accountPatientIds = new Set(accounts.map((account) => account.providerPatientId));
  const guardianOf = await guardiansWithAccounts(deps, tenant, {
    changes: appointmentChanges,
    accountPatientIds,
    remembered: new Set(remembered.map((item) => item.appointmentId)),
    now,
  });
  const detection = detectEvents({
    changes: batch.changes,
    accountPatientIds,
    guardianOf,
    remembered: new Map<string, RememberedAppointment>(remembered.map((item) => [item.appointmentId, item])),
    now,
  });
  for (const skipped of detection.unmappable)
    log().warn(
      { tenant: tenant.slug, resourceType: skipped.resourceType, reason: skipped.reason },
      'change detection skipped a record it cannot read',
    );
  const stored = await storeSchedulingEvents(deps.database, tenant.id, detection.events);
  await deps.database.$transaction([
    ...[...detection.remember].map(([appointmentId, state]) =>
      deps.database.syncedAppointment.upsert({
        where: { tenantId_appointmentId: { tenantId: tenant.id, appointmentId } },
        create: { tenantId: tenant.id, appointmentId, ...state },
        update: state,
      }),
    ),
    deps.database.clinicSync.update({
      where: { tenantId: tenant.id },
      data: {
        cursor: batch.cursor,
        caughtUpTo: new Date(batch.caughtUpTo),
        lastSuccessAt: new Date(),
        lastError: null,
        changesSeen: { increment: batch.changes.length },
        unmappableSeen: { increment: detection.unmappable.length },
      },
    }),
  ]);
  const deleted = await sweepDeletedAppointments(deps, tenant, { now, lastSweptAt: row.deletionsSweptAt });
  const reactions = await handlePendingEvents(deps, tenant);
  return {
    initial: false,
    changes: batch.changes.length,
    events: stored + deleted,
    unmappable: detection.unmappable.length,
    reactions,
  };
}

/**
 * For visits booked in the EHR for patients without an account (not booked by the app, not followed
 * yet, still to come): the guardian with an account, if any, for each such patient.
 */
async function guardiansWithAccounts(
  deps: SyncDeps,
  tenant: Tenant,
  input: {
    changes: Extract<Change, { kind: 'appointment' }>[];
    accountPatientIds: ReadonlySet<string>;
    remembered: ReadonlySet<string>;
    now: Date;
  },
): Promise<Map<string, string>> {
  const patients = new Set(
    input.changes.flatMap(({ id, appointment, bookedByApp }) =>
      appointment.patientId &&
      appointment.status === 'booked' &&
      !bookedByApp &&
      !input.accountPatientIds.has(appointment.patientId) &&
      !input.remembered.has(id) &&
      new Date(appointment.start) > input.now
        ? [appointment.patientId]
        : [],
    ),
  );
  const guardianOf = new Map<string, string>();
  if (patients.size === 0) return guardianOf;
  const provider = deps.providerFor(tenant);
  for (const patientId of patients) {
    const guardians = await provider.listGuardians(patientId);
    await recordAudit(deps.database, {
      tenantId: tenant.id,
      actor: { type: 'system', id: 'change-detection' },
      action: 'patient.read',
      outcome: 'success',
      patientId,
      detail: { read: 'guardians', found: guardians.length },
    });
    if (guardians.length === 0) continue;
    const account = await deps.database.patientAccount.findFirst({
      where: { tenantId: tenant.id, providerPatientId: { in: guardians.map((guardian) => guardian.id) } },
      orderBy: { createdAt: 'asc' },
      select: { providerPatientId: true },
    });
    if (account) guardianOf.set(patientId, account.providerPatientId);
  }
  return guardianOf;
}

/** The first sync: cursor at now, the account holders' appointments remembered, Subscriptions where offered. */
async function firstSync(deps: SyncDeps, tenant: Tenant, now: Date): Promise<void> {
  const provider = deps.providerFor(tenant);
  const settings = tenant.providerSettings.changeDetection;
  const start = await provider.changesSince(null, { now });
  const horizonEnd = bookableRange(tenant.bookingRules, now).latest;
  const appointments = await provider.listAppointmentsStarting({
    from: now.toISOString(),
    to: horizonEnd.toISOString(),
    // More pieces than requests in flight, so that pieces finishing early leave none idle.
    pieces: Math.max(settings.concurrency * 4, 8),
  });
  const patientIds = [...new Set(appointments.flatMap((appointment) => appointment.patientId ?? []))];
  const accounts = new Set(
    (
      await deps.database.patientAccount.findMany({
        where: { tenantId: tenant.id, providerPatientId: { in: patientIds } },
        select: { providerPatientId: true },
      })
    ).map((account) => account.providerPatientId),
  );
  const subscription = settings.useSubscriptions ? await subscribe(deps, tenant) : null;
  const followed = appointments.filter((appointment) => appointment.patientId && accounts.has(appointment.patientId));
  await deps.database.$transaction([
    ...followed.map((appointment) => {
      const state = {
        version: appointment.version,
        status: appointment.status,
        start: new Date(appointment.start),
        changedAt: null,
        patientId: appointment.patientId,
        locationId: appointment.locationId,
      };
      const update = state;
      return deps.database.syncedAppointment.upsert({
        where: { tenantId_appointmentId: { tenantId: tenant.id, appointmentId: appointment.id } },
        create: { tenantId: tenant.id, appointmentId: appointment.id, ...state },
        update,
      });
    }),
    deps.database.clinicSync.update({
      where: { tenantId: tenant.id },
      data: {
        cursor: start.cursor,
        caughtUpTo: new Date(start.caughtUpTo),
        lastSuccessAt: new Date(),
        lastError: null,
        ...(subscription
          ? {
              source: 'subscription',
              subscriptionIds: subscription.ids,
              notificationKey: subscription.key,
              notificationSecretHash: subscription.secretHash,
              subscriptionsCheckedAt: new Date(),
            }
          : { source: 'poll', subscriptionsCheckedAt: new Date() }),
      },
    }),
  ]);
}

/** Asks the EHR for Subscriptions to the app's notification URL; null when it offers none or fails to make them. */
async function subscribe(
  deps: SyncDeps,
  tenant: Tenant,
): Promise<{ key: string; secretHash: string; ids: string[] } | null> {
  const key = randomBytes(16).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  // An EHR that offers Subscriptions but fails to make them: the clinic is polled (nothing is lost).
  const ids = await deps
    .providerFor(tenant)
    .subscribeToChanges({
      endpoint: `${deps.appBaseUrl}/api/sync/notifications/${key}`,
      headers: [`Authorization: Bearer ${secret}`],
    })
    .catch((error: unknown) => {
      log().warn({ tenant: tenant.slug, reason: errorSummary(error) }, 'could not subscribe to changes; polling');
      return [];
    });
  return ids.length > 0 ? { key, secretHash: notificationSecretHash(secret), ids } : null;
}

/**
 * A polled clinic whose settings ask for Subscriptions asks its EHR again once per backstop interval
 * (the EHR failed to make them, or stopped notifying): once it has them, it is notified again.
 */
async function subscribeAgainWhenDue(
  deps: SyncDeps,
  tenant: Tenant,
  row: { subscriptionsCheckedAt: Date | null },
  now: Date,
): Promise<void> {
  const everyMs = tenant.providerSettings.changeDetection.subscriptionPollIntervalSeconds * 1000;
  if (row.subscriptionsCheckedAt && now.getTime() - row.subscriptionsCheckedAt.getTime() < everyMs) return;
  const subscription = await subscribe(deps, tenant);
  await deps.database.clinicSync.update({
    where: { tenantId: tenant.id },
    data: subscription
      ? {
          source: 'subscription',
          subscriptionIds: subscription.ids,
          notificationKey: subscription.key,
          notificationSecretHash: subscription.secretHash,
          subscriptionsCheckedAt: now,
        }
      : { subscriptionsCheckedAt: now },
  });
}

/**
 * A clinic heard of through Subscriptions goes back to polling at its poll interval when the EHR no
 * longer notifies: a subscription removed, turned off or in error, or Subscriptions no longer offered in
 * its CapabilityStatement. The cursor is untouched, so what changed meanwhile is read by this run.
 * Asked once per backstop interval (not on every notification's run, which must stay quick).
 */
async function pollUnlessStillSubscribed(
  deps: SyncDeps,
  tenant: Tenant,
  row: { subscriptionIds: string[]; subscriptionsCheckedAt: Date | null },
  now: Date,
): Promise<void> {
  const { subscriptionIds } = row;
  const everyMs = tenant.providerSettings.changeDetection.subscriptionPollIntervalSeconds * 1000;
  if (row.subscriptionsCheckedAt && now.getTime() - row.subscriptionsCheckedAt.getTime() < everyMs) return;
  const active = await deps.providerFor(tenant).activeSubscriptions(subscriptionIds);
  if (subscriptionIds.length > 0 && active.length === subscriptionIds.length) {
    await deps.database.clinicSync.update({ where: { tenantId: tenant.id }, data: { subscriptionsCheckedAt: now } });
    return;
  }
  log().warn(
    { tenant: tenant.slug, subscriptions: subscriptionIds.length, active: active.length },
    'the EHR no longer notifies of changes; polling',
  );
  await deps.database.clinicSync.update({
    where: { tenantId: tenant.id },
    data: {
      source: 'poll',
      subscriptionIds: [],
      notificationKey: null,
      notificationSecretHash: null,
      // Asked to notify again one backstop interval from now (subscribeAgainWhenDue).
      subscriptionsCheckedAt: now,
      nextRunAt: new Date(now.getTime() + tenant.providerSettings.changeDetection.pollIntervalSeconds * 1000),
    },
  });
}

/** Reacts to the clinic's events not handled yet, oldest first; each is marked once its reactions are done. */
export async function handlePendingEvents(deps: SyncDeps, tenant: Tenant): Promise<number> {
  const provider = deps.providerFor(tenant);
  let handled = 0;
  for (;;) {
    const pending = await deps.database.schedulingEvent.findMany({
      where: { tenantId: tenant.id, handledAt: null },
      orderBy: { id: 'asc' },
      take: EVENTS_PER_ROUND,
    });
    const done: bigint[] = [];
    try {
      for (const row of pending) {
        await reactToEvent(deps, provider, tenant, schedulingEventSchema.parse(row.payload));
        done.push(row.id);
      }
    } finally {
      // What was done is marked even when a later reaction fails (that one is tried again next run).
      await deps.database.schedulingEvent.updateMany({ where: { id: { in: done } }, data: { handledAt: new Date() } });
      handled += done.length;
    }
    if (pending.length < EVENTS_PER_ROUND) return handled;
  }
}
