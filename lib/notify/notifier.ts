/**
 * Notifications: record first, then queue, then hand off. `enqueue` writes the Notification row and
 * its job in one transaction (idempotent by key); `deliver` is the worker's handler. A hand-off that
 * may have happened (a worker died after starting it) is never repeated blindly: the record says
 * "unconfirmed" until the carrier's status callback settles it.
 */
import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js';
import type PgBoss from 'pg-boss';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Locale } from '@/lib/i18n/locales';
import { log } from '@/lib/logger';
import { currentRequestContext, runWithRequestContext } from '@/lib/request-context';
import { getTenantById } from '@/lib/tenancy/get-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { ChannelError, type NotificationChannel } from './channels/channel';
import { transactionDb } from '@/lib/jobs/pg-boss';
import { QUEUES, type NotificationJob, type NotificationPriority } from './queue';
import { nextSendingTime, respectsQuietHours } from './quiet-hours';
import { isReminderTemplate } from './reminders';
import { renderTemplate, type TemplateName, type TemplateOverrides } from './templates';
import { reserveHandoff } from './throttle';
import { recordAudit } from '@/lib/audit/record-audit';
import { consumeRateLimit } from '@/lib/security/rate-limit';

export interface NotifierOptions {
  database: Database;
  boss: PgBoss;
  channels: { sms: NotificationChannel; email: NotificationChannel };
  smsRatePerSecond: number;
  /** Global SMS sender (E.164 or messaging service SID) when a clinic sets none. */
  defaultSmsFrom: string;
  emailFrom: string;
  appBaseUrl: string;
  /**
   * Asked just before a reminder is handed off: false cancels it (its appointment was cancelled or
   * moved). See `reminderStillDue` in reminders.ts.
   */
  recheckReminder?: (tenant: Tenant, reminder: { appointmentId: string; idempotencyKey: string }) => Promise<boolean>;
}

export interface EnqueueInput {
  tenant: Tenant;
  channel: 'sms' | 'email';
  to: string;
  template: TemplateName;
  locale: Locale;
  variables: Record<string, string>;
  priority: NotificationPriority;
  idempotencyKey: string;
  appointmentId?: string | undefined;
  sendAfter?: Date | undefined;
  calendar?: string | undefined;
}

const FINAL = new Set(['sent', 'delivered', 'failed', 'undeliverable', 'dead', 'cancelled', 'unconfirmed']);

/**
 * A phone number as the clinic texts it: E.164, read in the clinic's default country when written
 * without a country code, and in one of the countries it texts (`smsCountries`, default: the default
 * country). `invalid_input` otherwise, naming which of the two it is.
 */
export function normalizePhone(
  phone: string,
  settings: { defaultCountry: string; smsCountries?: readonly string[] | undefined },
): string {
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(phone, settings.defaultCountry as CountryCode);
    if (!parsed.isValid()) throw new Error('invalid');
  } catch {
    throw new AppError('invalid_input', 'contact.phoneInvalid', {
      details: { phone: { reason: 'field.phoneInvalid' } },
    });
  }
  const countries = settings.smsCountries ?? [settings.defaultCountry];
  if (!parsed.country || !countries.includes(parsed.country))
    throw new AppError('invalid_input', 'contact.phoneCountry', {
      params: { countries: countries.join(', ') },
      details: { phone: { reason: 'field.phoneCountry' } },
    });
  return parsed.number;
}

function secondsToUtcMidnight(now = new Date()): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.ceil((midnight - now.getTime()) / 1000);
}

export class Notifier {
  constructor(private readonly options: NotifierOptions) {}

  /** Records the message and queues it, in one transaction; the same idempotency key is queued once. */
  async enqueue(input: EnqueueInput): Promise<{ notificationId: string; duplicate: boolean }> {
    const { database, boss } = this.options;
    const to =
      input.channel === 'sms'
        ? normalizePhone(input.to, input.tenant.notificationSettings)
        : input.to.trim().toLowerCase();
    if (input.channel === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to))
      throw new AppError('invalid_input', 'contact.emailInvalid', {
        details: { email: { reason: 'field.emailInvalid' } },
      });
    const overrides = (input.tenant.notificationSettings.templates ?? {}) as TemplateOverrides;
    const rendered = renderTemplate(
      input.template,
      input.locale,
      { clinic: input.tenant.displayName, ...input.variables },
      overrides,
    );
    const existing = await database.notification.findUnique({
      where: { tenantId_idempotencyKey: { tenantId: input.tenant.id, idempotencyKey: input.idempotencyKey } },
      select: { id: true },
    });
    if (existing) return { notificationId: existing.id, duplicate: true };
    if (input.channel === 'sms') await this.spendSmsBudget(input.tenant);
    const queue = QUEUES[input.priority];
    // Scheduled messages due in the clinic's quiet hours wait for its sending window to open.
    const due = input.sendAfter ?? new Date();
    const held = respectsQuietHours(input.template)
      ? nextSendingTime(due, input.tenant.notificationSettings.quietHours, input.tenant.timeZone)
      : due;
    const sendAfter = held.getTime() !== due.getTime() || input.sendAfter ? held : undefined;
    try {
      const notificationId = await database.$transaction(async (tx) => {
        const row = await tx.notification.create({
          data: {
            tenantId: input.tenant.id,
            channel: input.channel,
            priority: input.priority,
            template: input.template,
            locale: input.locale,
            recipient: to,
            idempotencyKey: input.idempotencyKey,
            subject: input.channel === 'email' ? rendered.subject : null,
            textBody: input.channel === 'sms' ? rendered.sms : rendered.text,
            htmlBody: input.channel === 'email' ? rendered.html : null,
            calendar: input.channel === 'email' ? (input.calendar ?? null) : null,
            appointmentId: input.appointmentId ?? null,
            sendAfter: sendAfter ?? new Date(),
            requestId: currentRequestContext()?.requestId ?? null,
          },
        });
        const job: NotificationJob = { notificationId: row.id, requestId: currentRequestContext()?.requestId };
        await boss.send(queue.name, job, {
          ...(sendAfter ? { startAfter: sendAfter } : {}),
          singletonKey: row.id,
          db: transactionDb(tx),
        });
        return row.id;
      });
      return { notificationId, duplicate: false };
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        const row = await database.notification.findUniqueOrThrow({
          where: { tenantId_idempotencyKey: { tenantId: input.tenant.id, idempotencyKey: input.idempotencyKey } },
          select: { id: true },
        });
        return { notificationId: row.id, duplicate: true };
      }
      throw error;
    }
  }

  /**
   * Sends a one-time code with top priority. A phone that opted out of SMS gets no text: the code goes
   * to the email on file instead when there is one (`fellBackToEmail`), else `invalid_input` explains.
   */
  async sendOtp(input: {
    tenant: Tenant;
    contact: { kind: 'sms' | 'email'; value: string };
    fallbackEmail?: string | undefined;
    code: string;
    minutes: number;
    locale: Locale;
    idempotencyKey: string;
  }): Promise<{ notificationId: string; channel: 'sms' | 'email'; fellBackToEmail: boolean }> {
    let channel = input.contact.kind;
    let to = input.contact.value;
    if (
      channel === 'sms' &&
      (await this.isOptedOut(input.tenant.id, normalizePhone(to, input.tenant.notificationSettings)))
    ) {
      if (!input.fallbackEmail) throw new AppError('invalid_input', 'contact.smsOptedOut');
      channel = 'email';
      to = input.fallbackEmail;
    }
    const { notificationId } = await this.enqueue({
      tenant: input.tenant,
      channel,
      to,
      template: 'login-code',
      locale: input.locale,
      variables: { code: input.code, minutes: String(input.minutes) },
      priority: 'otp',
      idempotencyKey: input.idempotencyKey,
    });
    return { notificationId, channel, fellBackToEmail: channel !== input.contact.kind };
  }

  /**
   * One text message of the clinic's daily budget (`smsDailyBudget`, per UTC day, counted in
   * PostgreSQL across replicas). Past it the text is refused (`rate_limited`), and the first refusal
   * of the day emails the clinic's administrators and is audited.
   */
  private async spendSmsBudget(tenant: Tenant): Promise<void> {
    const { database } = this.options;
    const budget = tenant.notificationSettings.smsDailyBudget;
    const day = new Date().toISOString().slice(0, 10);
    const rule = { name: 'sms-budget:day', limit: budget, windowSeconds: 36 * 3600 };
    const spent = await consumeRateLimit(database, rule, tenant.id, day);
    if (spent.allowed) return;
    const alerted = await consumeRateLimit(
      database,
      { name: 'sms-budget:alert', limit: 1, windowSeconds: 36 * 3600 },
      tenant.id,
      day,
    );
    if (alerted.allowed) {
      await recordAudit(database, {
        tenantId: tenant.id,
        actor: { type: 'system', id: 'notifier' },
        action: 'notify.sms_budget_exceeded',
        outcome: 'denied',
        detail: { budget, day },
      });
      const admins = await database.staffUser.findMany({
        where: { tenantId: tenant.id, role: 'admin', active: true },
        select: { email: true },
      });
      for (const admin of admins)
        await this.enqueue({
          tenant,
          channel: 'email',
          to: admin.email,
          template: 'sms-budget-alert',
          locale: 'en',
          variables: { budget: String(budget) },
          priority: 'transactional',
          idempotencyKey: `sms-budget-alert:${day}:${admin.email}`,
        });
    }
    throw new AppError('rate_limited', 'contact.smsBudgetExceeded', { retryAfterSeconds: secondsToUtcMidnight() });
  }

  /**
   * The decoy of {@link sendOtp}: for a sign-in whose MRN or birth date did not match, a job goes
   * through the same OTP queue in a transaction, as a real code's does, and the worker drops it. No
   * message, no notification row.
   */
  async sendDecoyOtp(input: { tenant: Tenant; idempotencyKey: string }): Promise<void> {
    const { database, boss } = this.options;
    await database.$transaction(async (tx) => {
      const job: NotificationJob = {
        notificationId: `decoy:${input.tenant.id}:${input.idempotencyKey}`,
        requestId: currentRequestContext()?.requestId,
        decoy: true,
      };
      await boss.send(QUEUES.otp.name, job, { singletonKey: job.notificationId, db: transactionDb(tx) });
    });
  }

  /** Whether a clinic's patient texted STOP. */
  async isOptedOut(tenantId: string, phone: string): Promise<boolean> {
    return (await this.options.database.smsOptOut.count({ where: { tenantId, phone } })) > 0;
  }

  /** Cancels queued messages about an appointment (reminders when it moves or is cancelled). */
  async cancelPending(tenantId: string, appointmentId: string, templates: TemplateName[]): Promise<number> {
    const result = await this.options.database.notification.updateMany({
      where: { tenantId, appointmentId, template: { in: templates }, status: 'queued' },
      data: { status: 'cancelled' },
    });
    return result.count;
  }

  /** The From of this clinic's emails (its own, or the deployment's default). */
  emailSender(tenant: Pick<Tenant, 'notificationSettings'>): string {
    return tenant.notificationSettings.emailFrom ?? this.options.emailFrom;
  }

  /** The clinic as organizer of its appointments' calendar events: its name and its email sender's address. */
  calendarOrganizer(tenant: Pick<Tenant, 'displayName' | 'notificationSettings'>): { name: string; email: string } {
    const from = this.emailSender(tenant);
    return { name: tenant.displayName, email: /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from.trim() };
  }
  private senderFor(tenant: Tenant, priority: NotificationPriority): string {
    const settings = tenant.notificationSettings;
    return (priority === 'otp' ? settings.smsOtpFrom : undefined) ?? settings.smsFrom ?? this.options.defaultSmsFrom;
  }

  /** The worker's handler for one job. Transient failures schedule the next attempt themselves. */
  async deliver(job: NotificationJob): Promise<void> {
    return runWithRequestContext({ requestId: job.requestId ?? `job-${job.notificationId}` }, async () => {
      if (job.decoy) return;
      const { database } = this.options;
      const notification = await database.notification.findUnique({ where: { id: job.notificationId } });
      if (!notification || FINAL.has(notification.status)) return;
      if (notification.handoffStartedAt && !notification.providerMessageId) {
        // A worker died during a hand-off: the carrier may have the message. Never send it twice.
        await database.notification.update({
          where: { id: notification.id },
          data: {
            status: 'unconfirmed',
            lastError: 'hand-off outcome unknown after a worker stopped; awaiting carrier status',
          },
        });
        return;
      }
      const tenant = await getTenantById(database, notification.tenantId);
      if (!tenant) return;
      if (
        notification.appointmentId &&
        this.options.recheckReminder &&
        isReminderTemplate(notification.template) &&
        !(await this.options.recheckReminder(tenant, {
          appointmentId: notification.appointmentId,
          idempotencyKey: notification.idempotencyKey,
        }))
      ) {
        await database.notification.update({
          where: { id: notification.id },
          data: { status: 'cancelled', lastError: 'not sent: the appointment was cancelled or moved' },
        });
        return;
      }
      const priority = notification.priority as NotificationPriority;
      if (respectsQuietHours(notification.template as TemplateName)) {
        // A retry or a late job that falls in quiet hours waits for the window too.
        const at = new Date();
        const next = nextSendingTime(at, tenant.notificationSettings.quietHours, tenant.timeZone);
        if (next.getTime() !== at.getTime()) {
          await database.notification.update({ where: { id: notification.id }, data: { sendAfter: next } });
          await this.options.boss.send(QUEUES[priority].name, job, { startAfter: next });
          return;
        }
      }
      const channel = notification.channel === 'sms' ? this.options.channels.sms : this.options.channels.email;
      if (notification.channel === 'sms' && (await this.isOptedOut(tenant.id, notification.recipient))) {
        await database.notification.update({
          where: { id: notification.id },
          data: { status: 'undeliverable', lastError: 'the recipient opted out of SMS (STOP)' },
        });
        return;
      }
      const from = notification.channel === 'sms' ? this.senderFor(tenant, priority) : this.emailSender(tenant);
      if (channel.transport === 'twilio') {
        const reservation = await reserveHandoff(
          database,
          from,
          this.options.smsRatePerSecond,
          priority === 'otp' ? 'queue' : 'only-if-idle',
        );
        if (!reservation.go) {
          // Step aside: the sender is busy; come back when it is free, letting other jobs (and codes) go first.
          await this.options.boss.send(QUEUES[priority].name, job, { startAfter: reservation.deferUntil });
          return;
        }
        if (reservation.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, reservation.waitMs));
      }
      const claimed = await database.notification.updateMany({
        where: { id: notification.id, handoffStartedAt: null, providerMessageId: null },
        data: { handoffStartedAt: new Date(), status: 'sending', attempts: { increment: 1 } },
      });
      if (claimed.count === 0) return;
      try {
        const { providerMessageId } = await channel.send({
          notificationId: notification.id,
          to: notification.recipient,
          from,
          text: notification.textBody,
          subject: notification.subject ?? undefined,
          html: notification.htmlBody ?? undefined,
          calendar: notification.calendar ?? undefined,
          statusCallbackUrl:
            channel.transport === 'twilio'
              ? `${this.options.appBaseUrl}/api/webhooks/twilio/status?n=${notification.id}`
              : undefined,
        });
        // A one-time code is not kept once the carrier has it (the outbox keeps it for development).
        const erase = notification.template === 'login-code' && channel.transport !== 'dev-outbox';
        await database.notification.update({
          where: { id: notification.id },
          data: {
            status: 'sent',
            providerMessageId,
            lastError: null,
            ...(erase ? { textBody: '[one-time code removed after sending]', htmlBody: null } : {}),
          },
        });
      } catch (error) {
        const failure =
          error instanceof ChannelError
            ? error
            : new ChannelError(error instanceof Error ? error.message : String(error), true);
        const delays = QUEUES[priority].retryDelays;
        const attempts = notification.attempts + 1;
        const last = attempts > delays.length;
        if (failure.optedOut)
          await database.smsOptOut.upsert({
            where: { tenantId_phone: { tenantId: tenant.id, phone: notification.recipient } },
            create: { tenantId: tenant.id, phone: notification.recipient },
            update: {},
          });
        const status = !failure.transient
          ? failure.optedOut
            ? 'undeliverable'
            : notification.channel === 'email'
              ? 'undeliverable'
              : 'failed'
          : last
            ? 'dead'
            : 'queued';
        await database.notification.update({
          where: { id: notification.id },
          data: { status, lastError: failure.message, handoffStartedAt: null },
        });
        log().warn(
          { notificationId: notification.id, transport: channel.transport, status, attempt: attempts },
          'notification hand-off failed',
        );
        if (failure.transient && !last) {
          const delaySeconds = (delays[attempts - 1] ?? 60) * (1 + Math.random() * 0.2);
          await this.options.boss.send(QUEUES[priority].name, job, {
            startAfter: new Date(Date.now() + delaySeconds * 1000),
          });
        }
      }
    });
  }

  /** Starts this process's workers on every queue. */
  async work(): Promise<void> {
    for (const queue of Object.values(QUEUES)) {
      for (let worker = 0; worker < queue.concurrency; worker += 1) {
        await this.options.boss.work<NotificationJob>(
          queue.name,
          { batchSize: queue.batchSize, pollingIntervalSeconds: 0.5 },
          async (jobs) => {
            for (const job of jobs) {
              // One message's unexpected failure must not fail the others fetched with it.
              await this.deliver(job.data).catch((error: unknown) =>
                log().error({ err: error, notificationId: job.data.notificationId }, 'notification delivery crashed'),
              );
            }
          },
        );
      }
    }
  }
}
