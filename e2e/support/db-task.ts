/**
 * Runs one database task for a browser test, in its own process (Playwright's loader cannot load the
 * generated Prisma client). Usage: tsx e2e/support/db-task.ts '<json {task, args}>'; prints JSON.
 */
import { createDatabase } from '@/lib/db/client';
import { createStaffUser } from '@/lib/identity/staff/create-staff-user';
import { publishDeskEvent, type DeskStatus } from '@/lib/realtime/desk-events';
import { DevOutboxChannel } from '@/lib/notify/channels/dev-outbox';
import { Notifier } from '@/lib/notify/notifier';
import { startQueue } from '@/lib/notify/queue';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { providerSettingsSchema } from '@/lib/tenancy/tenant-settings';

interface Tasks {
  publishDeskEvent: {
    tenant: string;
    locationId: string;
    appointmentId: string;
    status: DeskStatus;
    method?: 'geofence' | 'qr' | 'desk';
  };
  /** The sandbox client of the demo clinic, or of the clinic named. */
  demoFhirCredentials: { tenant?: string };
  nightlyHourNow: { tenant: string };
  jobCounts: { tenant: string; since: string };
  queueDemoCode: { phone: string; code: string };
  addDemoStaffMember: { email: string; displayName: string; password: string };
  auditAddresses: { requestIdPrefix: string };
  jobSchedules: Record<string, never>;
  /** The demo clinic's waitlist on (quick change detection, no quiet hours, its own SMS number), or restored. */
  demoWaitlist: { on: boolean; previous?: Record<string, unknown> };
  /** A reminder of the appointment texted to `phone` by the demo clinic (what a reply "C" answers). */
  remindDemoAppointment: { appointmentId: string; phone: string };
  /** How long the clinic holds a slot under review (`providerSettings.holdSeconds`); returns the previous. */
  clinicHoldSeconds: { tenant: string; seconds: number };
}

function demoNotifier(
  database: ReturnType<typeof createDatabase>,
  boss: Awaited<ReturnType<typeof startQueue>>,
): Notifier {
  return new Notifier({
    database,
    boss,
    channels: { sms: new DevOutboxChannel('sms'), email: new DevOutboxChannel('email') },
    smsRatePerSecond: 1,
    defaultSmsFrom: 'dev-outbox',
    emailFrom: 'dev@localhost',
    appBaseUrl: 'http://localhost',
  });
}

async function main(): Promise<unknown> {
  const { task, args } = JSON.parse(process.argv[2] ?? '{}') as { task: keyof Tasks; args: Tasks['publishDeskEvent'] };
  const database = createDatabase(process.env.DATABASE_URL ?? '');
  try {
    switch (task) {
      case 'publishDeskEvent': {
        const tenant = await getTenantBySlug(database, args.tenant);
        if (!tenant) throw new Error(`no clinic ${args.tenant}`);
        return await database.$transaction((tx) =>
          publishDeskEvent(tx, {
            tenantId: tenant.id,
            locationId: args.locationId,
            appointmentId: args.appointmentId,
            status: args.status,
            method: args.method ?? null,
          }),
        );
      }
      case 'queueDemoCode': {
        const tenant = await getTenantBySlug(database, 'demo');
        if (!tenant) throw new Error('no demo clinic');
        const boss = await startQueue(process.env.DATABASE_URL ?? '');
        try {
          const notifier = new Notifier({
            database,
            boss,
            channels: { sms: new DevOutboxChannel('sms'), email: new DevOutboxChannel('email') },
            smsRatePerSecond: 1,
            defaultSmsFrom: 'dev-outbox',
            emailFrom: 'dev@localhost',
            appBaseUrl: 'http://localhost',
          });
          const { phone, code } = args as unknown as Tasks['queueDemoCode'];
          return await notifier.sendOtp({
            tenant,
            contact: { kind: 'sms', value: phone },
            code,
            minutes: 10,
            locale: 'en',
            idempotencyKey: `e2e-${code}`,
          });
        } finally {
          await boss.stop({ graceful: false, wait: true });
        }
      }
      case 'auditAddresses': {
        // The client addresses the audit log recorded for requests whose ids start with the prefix.
        const { requestIdPrefix } = args as unknown as Tasks['auditAddresses'];
        const rows = await database.auditEvent.findMany({
          where: { requestId: { startsWith: requestIdPrefix } },
          select: { ip: true },
        });
        return rows.map((row) => row.ip);
      }
      case 'jobSchedules':
        // The cron schedules registered in pg-boss (by the servers' and workers' start-up).
        return await database.$queryRawUnsafe<{ name: string; cron: string; timezone: string }[]>(
          'SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name',
        );
      case 'addDemoStaffMember': {
        // As the operator's `npm run staff:add` does: a front-desk clerk of the demo clinic.
        const tenant = await getTenantBySlug(database, 'demo');
        if (!tenant) throw new Error('no demo clinic');
        const member = args as unknown as Tasks['addDemoStaffMember'];
        const staff = await createStaffUser(database, tenant.id, { ...member, role: 'front_desk', locationIds: [] });
        return { id: staff.id };
      }
      case 'nightlyHourNow': {
        // The clinic's nightly run is due in the current hour of its own time zone.
        const { tenant: slug } = args as unknown as Tasks['nightlyHourNow'];
        const tenant = await getTenantBySlug(database, slug);
        if (!tenant) throw new Error(`no clinic ${slug}`);
        const hour = Number(
          new Intl.DateTimeFormat('en-US', { timeZone: tenant.timeZone, hour: '2-digit', hourCycle: 'h23' }).format(
            new Date(),
          ),
        );
        await database.tenant.update({
          where: { id: tenant.id },
          data: { insuranceSettings: { ...tenant.insuranceSettings, nightlyHour: hour } },
        });
        return { tenantId: tenant.id, hour };
      }
      case 'jobCounts': {
        // Ticks per minute and nightly runs of the clinic since `since`, from pg-boss's own tables.
        const { tenant: slug, since } = args as unknown as Tasks['jobCounts'];
        const tenant = await getTenantBySlug(database, slug);
        if (!tenant) throw new Error(`no clinic ${slug}`);
        const ticks = await database.$queryRawUnsafe<{ minute: string; jobs: number }[]>(
          `SELECT to_char(date_trunc('minute', created_on), 'HH24:MI') AS minute, count(*)::int AS jobs
             FROM pgboss.job WHERE name = 'eligibility-tick' AND created_on >= $1::timestamptz
            GROUP BY 1 ORDER BY 1`,
          since,
        );
        const nightly = await database.$queryRawUnsafe<{ state: string }[]>(
          `SELECT state::text FROM pgboss.job
            WHERE name = 'eligibility-nightly' AND data->>'tenantId' = $1 AND created_on >= $2::timestamptz`,
          tenant.id,
          since,
        );
        return { ticks, nightly: nightly.map((row) => row.state) };
      }
      case 'demoWaitlist': {
        const { on, previous } = args as unknown as Tasks['demoWaitlist'];
        const row = await database.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
        if (!on) {
          await database.tenant.update({ where: { id: row.id }, data: previous ?? {} });
          return {};
        }
        const saved = {
          waitlistSettings: row.waitlistSettings,
          notificationSettings: row.notificationSettings,
          providerSettings: row.providerSettings,
        };
        const notification = (row.notificationSettings ?? {}) as Record<string, unknown>;
        const provider = (row.providerSettings ?? {}) as Record<string, unknown>;
        const detection = (provider.changeDetection ?? {}) as Record<string, unknown>;
        await database.tenant.update({
          where: { id: row.id },
          data: {
            waitlistSettings: {
              enabled: true,
              groupSize: 3,
              pauseMinutes: 15,
              offerMinutes: 60,
              stopBeforeMinutes: 120,
            },
            notificationSettings: {
              ...notification,
              smsFrom: '+13125550100',
              quietHours: { start: '00:00', end: '00:00' },
            },
            providerSettings: { ...provider, changeDetection: { ...detection, pollIntervalSeconds: 2 } },
          },
        });
        return saved;
      }
      case 'remindDemoAppointment': {
        const tenant = await getTenantBySlug(database, 'demo');
        if (!tenant) throw new Error('no demo clinic');
        const { appointmentId, phone } = args as unknown as Tasks['remindDemoAppointment'];
        const boss = await startQueue(process.env.DATABASE_URL ?? '');
        try {
          return await demoNotifier(database, boss).enqueue({
            tenant,
            channel: 'sms',
            to: phone,
            template: 'reminder-2h',
            locale: 'en',
            variables: {
              patient: 'James',
              when: 'today',
              location: 'Lakeside',
              address: '-',
              link: 'http://localhost',
            },
            priority: 'transactional',
            idempotencyKey: `e2e-reminder-${appointmentId}`,
            appointmentId,
          });
        } finally {
          await boss.stop({ graceful: false, wait: true });
        }
      }
      case 'clinicHoldSeconds': {
        const { tenant: slug, seconds } = args as unknown as Tasks['clinicHoldSeconds'];
        const tenant = await getTenantBySlug(database, slug);
        if (!tenant) throw new Error(`no clinic ${slug}`);
        const previous = tenant.providerSettings.holdSeconds;
        const providerSettings = providerSettingsSchema.parse({ ...tenant.providerSettings, holdSeconds: seconds });
        await database.tenant.update({ where: { id: tenant.id }, data: { providerSettings } });
        return { previous };
      }
      case 'demoFhirCredentials': {
        const slug = (args as Partial<Tasks['demoFhirCredentials']>).tenant ?? 'demo';
        const tenant = await getTenantBySlug(database, slug);
        if (tenant?.fhirAuth.type !== 'smart-client-secret')
          throw new Error('the demo clinic has no sandbox credentials');
        return { clientId: tenant.fhirAuth.clientId, clientSecret: tenant.fhirAuth.clientSecret };
      }
    }
  } finally {
    await database.$disconnect();
  }
}

main().then(
  (result) => {
    process.stdout.write(JSON.stringify(result));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
