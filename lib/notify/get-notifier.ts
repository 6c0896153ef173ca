/**
 * The process's Notifier, built once from configuration: Twilio when its credentials are set, SMTP
 * when SMTP_URL is set, the development outbox otherwise (never with APP_ENV=production: the
 * configuration refuses to start without real credentials there).
 */
import type PgBoss from 'pg-boss';
import { getConfig, type ServerConfig } from '@/lib/config';
import { db, type Database } from '@/lib/db/client';
import { DevOutboxChannel } from './channels/dev-outbox';
import type { NotificationChannel } from './channels/channel';
import { SmtpEmailChannel } from './channels/smtp-email';
import { TwilioSmsChannel } from './channels/twilio-sms';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { startOnce } from '@/lib/jobs/start-once';
import { Notifier } from './notifier';
import { reminderStillDue } from './reminders';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import { createNotificationQueues } from './queue';

export function channelsFor(config: ServerConfig): { sms: NotificationChannel; email: NotificationChannel } {
  const twilioReady =
    config.TWILIO_ACCOUNT_SID &&
    (config.TWILIO_AUTH_TOKEN || (config.TWILIO_API_KEY_SID && config.TWILIO_API_KEY_SECRET));
  if (config.APP_ENV === 'production' && (!twilioReady || !config.SMTP_URL))
    throw new Error('The development outbox cannot be used with APP_ENV=production.');
  return {
    sms: twilioReady
      ? new TwilioSmsChannel({
          accountSid: config.TWILIO_ACCOUNT_SID ?? '',
          authToken: config.TWILIO_AUTH_TOKEN,
          apiKeySid: config.TWILIO_API_KEY_SID,
          apiKeySecret: config.TWILIO_API_KEY_SECRET,
          apiBaseUrl: config.TWILIO_API_BASE_URL,
        })
      : new DevOutboxChannel('sms'),
    email: config.SMTP_URL
      ? new SmtpEmailChannel(config.SMTP_URL, {
          ignoreTls: config.APP_ENV !== 'production' && /^smtp:\/\/(127\.0\.0\.1|localhost)[:/]/.test(config.SMTP_URL),
        })
      : new DevOutboxChannel('email'),
  };
}

export function createNotifier(config: ServerConfig, database: Database, boss: PgBoss): Notifier {
  return new Notifier({
    database,
    boss,
    channels: channelsFor(config),
    smsRatePerSecond: config.SMS_RATE_PER_SECOND,
    defaultSmsFrom: config.TWILIO_FROM ?? 'dev-outbox',
    emailFrom: config.EMAIL_FROM,
    appBaseUrl: config.APP_BASE_URL,
    recheckReminder: (tenant, reminder) => reminderStillDue(getSchedulingProvider(tenant), reminder),
  });
}

/** The process's Notifier on the process's job queue, with the notification queues declared on it. */
export function getNotifier(): Promise<Notifier> {
  return startOnce('notifier', async () => {
    const boss = await getJobQueue();
    await createNotificationQueues(boss);
    return createNotifier(getConfig(), db(), boss);
  });
}

/** Starts this process's notification workers (the web server by default, or `npm run worker`). */
export async function startNotificationWorkers(): Promise<Notifier> {
  const notifier = await getNotifier();
  await notifier.work();
  return notifier;
}
