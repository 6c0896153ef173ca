import { createServer, type Server } from 'node:http';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { createStaffUser } from '@/lib/identity/staff/create-staff-user';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { startSmtpSink, type SmtpSink } from '@/lib/testing/smtp-sink';
import { freePort } from '@/lib/testing/test-postgres';
import { startTwilioStub, type TwilioStub } from '@/lib/testing/twilio-stub';
import { SmtpEmailChannel } from './channels/smtp-email';
import { TwilioSmsChannel } from './channels/twilio-sms';
import { appointmentIcs } from './ics';
import { Notifier } from './notifier';
import { startQueue } from './queue';
import { cancelReminders, scheduleReminders } from './reminders';
import { applyInboundSms, applyStatusCallback, assertTwilioSignature, formParams } from './webhooks';

const database = testDatabase();
let twilioStub: TwilioStub;
let smtp: SmtpSink;
let boss: PgBoss;
let notifier: Notifier;
let webhookServer: Server;
let appBaseUrl = '';

/** The app's webhook endpoints, served on loopback with the same handlers the routes use. */
async function startWebhooks(authToken: string): Promise<void> {
  const port = await freePort();
  appBaseUrl = `http://127.0.0.1:${port}`;
  webhookServer = createServer((message, response) => {
    let body = '';
    message.on('data', (chunk: Buffer) => (body += chunk.toString()));
    message.on('end', () => {
      void (async () => {
        const request = new Request(`${appBaseUrl}${message.url ?? '/'}`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        const params = await formParams(request);
        const url = new URL(request.url);
        try {
          assertTwilioSignature(authToken, String(message.headers['x-twilio-signature'] ?? ''), url.toString(), params);
          if (url.pathname.endsWith('/status'))
            await applyStatusCallback(database, { notificationId: url.searchParams.get('n'), params });
          response.writeHead(204).end();
        } catch (error) {
          response.writeHead(error instanceof AppError && error.code === 'forbidden' ? 403 : 500).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => webhookServer.listen(port, '127.0.0.1', resolve));
}

async function clinic(overrides: Partial<Tenant['notificationSettings']> = {}): Promise<Tenant> {
  return createTenant(database, {
    slug: uniqueSlug('notify'),
    displayName: 'Lakeside',
    timeZone: 'America/Chicago',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:mrn',
    notificationSettings: { defaultCountry: 'US', smsFrom: '+13125550100', ...overrides },
  });
}

async function until<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function statusOf(id: string): Promise<string> {
  return (await database.notification.findUniqueOrThrow({ where: { id } })).status;
}

beforeAll(async () => {
  twilioStub = await startTwilioStub();
  smtp = await startSmtpSink();
  await startWebhooks(twilioStub.authToken);
  boss = await startQueue(inject('databaseUrl'));
  notifier = new Notifier({
    database,
    boss,
    channels: {
      sms: new TwilioSmsChannel({
        accountSid: twilioStub.accountSid,
        authToken: twilioStub.authToken,
        apiBaseUrl: twilioStub.baseUrl,
      }),
      email: new SmtpEmailChannel(smtp.url, { ignoreTls: true }),
    },
    smsRatePerSecond: 20,
    defaultSmsFrom: '+13125550199',
    emailFrom: 'Lakeside <appointments@lakeside.example>',
    appBaseUrl,
  });
  await notifier.work();
}, 60_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await twilioStub.close();
  await smtp.close();
  await new Promise<void>((resolve) => webhookServer.close(() => resolve()));
});

describe('sending through the real SDKs to local servers', () => {
  it('texts an OTP via the clinic’s Twilio sender, erases it, records delivery from the signed callback', async () => {
    const tenant = await clinic({ smsOtpFrom: '+13125550111' });
    const { notificationId, channel } = await notifier.sendOtp({
      tenant,
      contact: { kind: 'sms', value: '(312) 555-0101' },
      code: '482913',
      minutes: 10,
      locale: 'en',
      idempotencyKey: `otp-${tenant.id}-1`,
    });
    expect(channel).toBe('sms');
    const message = await until(() => twilioStub.messages.find((candidate) => candidate.body.includes('482913')));
    expect(message).toMatchObject({ to: '+13125550101', from: '+13125550111' });
    expect(message.statusCallback).toBe(`${appBaseUrl}/api/webhooks/twilio/status?n=${notificationId}`);
    await until(async () => (await statusOf(notificationId)) === 'sent');
    expect((await database.notification.findUniqueOrThrow({ where: { id: notificationId } })).textBody).not.toContain(
      '482913',
    );
    expect(await twilioStub.sendStatus(message.sid, 'delivered', { signatureOverride: 'forged' })).toBe(403);
    expect(await statusOf(notificationId)).toBe('sent');
    expect(await twilioStub.sendStatus(message.sid, 'delivered')).toBe(204);
    expect(await statusOf(notificationId)).toBe('delivered');
  });

  it('emails a booking confirmation with text, HTML and an .ics attachment', async () => {
    const tenant = await clinic();
    const calendar = appointmentIcs({
      uid: 'appt-1@lakeside',
      sequence: 1,
      start: '2031-01-06T15:00:00Z',
      end: '2031-01-06T15:30:00Z',
      summary: 'Pediatric visit',
      location: { name: 'Lakeside – Loop', address: null, position: null },
      clinician: null,
      url: 'https://book.example/demo',
      organizer: { name: 'Lakeside', email: 'no-reply@lakeside.example' },
    });
    const { notificationId } = await notifier.enqueue({
      tenant,
      channel: 'email',
      to: 'Maria.Lopez@Example.com',
      template: 'booking-confirmation',
      locale: 'es',
      variables: {
        patient: 'Sofia',
        when: 'lunes 6 de enero, 9:00',
        location: 'Loop',
        address: '55 E Washington St',
        link: 'https://book.example/demo',
      },
      priority: 'transactional',
      idempotencyKey: `confirm-${tenant.id}`,
      calendar,
    });
    const mail = await until(() => smtp.mails.find((candidate) => candidate.raw.includes(notificationId)));
    expect(mail.to).toEqual(['maria.lopez@example.com']);
    expect(mail.raw).toMatch(/Subject: =\?UTF-8\?|Subject: Cita confirmada/);
    expect(mail.raw).toContain('Content-Type: text/html');
    expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH;?\s+name=appointment\.ics/);
    const calendarPart = mail.raw.slice(mail.raw.indexOf('name=appointment.ics'));
    const decoded = Buffer.from(calendarPart.split(/\r?\n\r?\n/)[1]?.replace(/\s+/g, '') ?? '', 'base64').toString(
      'utf8',
    );
    expect(calendarPart.includes('BEGIN:VCALENDAR') || decoded.startsWith('BEGIN:VCALENDAR')).toBe(true);
    await until(async () => (await statusOf(notificationId)) === 'sent');
  });

  it('records a message once per idempotency key', async () => {
    const tenant = await clinic();
    const first = await notifier.enqueue({
      tenant,
      channel: 'sms',
      to: '3125550102',
      template: 'check-in-confirmation',
      locale: 'en',
      variables: { patient: 'James', when: '9:00 AM' },
      priority: 'transactional',
      idempotencyKey: 'checkin-once',
    });
    const second = await notifier.enqueue({
      tenant,
      channel: 'sms',
      to: '3125550102',
      template: 'check-in-confirmation',
      locale: 'en',
      variables: { patient: 'James', when: '9:00 AM' },
      priority: 'transactional',
      idempotencyKey: 'checkin-once',
    });
    expect(second).toEqual({ notificationId: first.notificationId, duplicate: true });
    await until(async () => (await statusOf(first.notificationId)) === 'sent');
    expect(twilioStub.messages.filter((message) => message.body.includes('James is checked in'))).toHaveLength(1);
  });
});

describe('priority and fairness', () => {
  it('hands a one-time code to Twilio while another clinic’s reminder burst is still queued', async () => {
    const busy = await clinic({ smsFrom: '+13125550400' });
    const other = await clinic({ smsFrom: '+13125550500' });
    const variables = {
      patient: 'Pat',
      when: 'tomorrow 9:00 AM',
      location: 'Loop',
      address: '55 E Washington St',
      link: 'https://book.example/demo',
    };
    for (let index = 0; index < 150; index += 1) {
      await notifier.enqueue({
        tenant: busy,
        channel: 'sms',
        to: `312555${String(1000 + index)}`,
        template: 'reminder-24h',
        locale: 'en',
        variables,
        priority: 'bulk',
        idempotencyKey: `burst-${index}`,
      });
    }
    const started = Date.now();
    const { notificationId } = await notifier.sendOtp({
      tenant: other,
      contact: { kind: 'sms', value: '3125550777' },
      code: '771100',
      minutes: 10,
      locale: 'en',
      idempotencyKey: 'fair-otp',
    });
    await until(() => twilioStub.messages.find((message) => message.body.includes('771100')));
    expect(Date.now() - started).toBeLessThan(2000);
    const remindersHandedOff = twilioStub.messages.filter((message) => message.from === '+13125550400').length;
    expect(remindersHandedOff).toBeLessThan(150);
    await until(async () => (await statusOf(notificationId)) === 'sent');
  }, 30_000);

  it('puts a code ahead of reminders from the same sender', async () => {
    const tenant = await clinic({ smsFrom: '+13125550600' });
    const variables = {
      patient: 'Pat',
      when: 'tomorrow 9:00 AM',
      location: 'Loop',
      address: '55 E Washington St',
      link: 'https://book.example/demo',
    };
    for (let index = 0; index < 40; index += 1)
      await notifier.enqueue({
        tenant,
        channel: 'sms',
        to: `312555${String(2000 + index)}`,
        template: 'reminder-24h',
        locale: 'en',
        variables,
        priority: 'bulk',
        idempotencyKey: `same-${index}`,
      });
    await notifier.sendOtp({
      tenant,
      contact: { kind: 'sms', value: '3125550778' },
      code: '665544',
      minutes: 10,
      locale: 'en',
      idempotencyKey: 'same-otp',
    });
    await until(() => twilioStub.messages.find((message) => message.body.includes('665544')));
    const fromSender = twilioStub.messages.filter((message) => message.from === '+13125550600');
    const position = fromSender.findIndex((message) => message.body.includes('665544'));
    expect(position).toBeLessThan(fromSender.length);
    expect(fromSender.length - 1).toBeLessThan(40);
  }, 30_000);
});

describe('failures', () => {
  it('retries after Twilio answers 503 twice, then succeeds', async () => {
    const tenant = await clinic();
    twilioStub.failFor.set('+13125550103', { status: 503, remaining: 2 });
    const { notificationId } = await notifier.sendOtp({
      tenant,
      contact: { kind: 'sms', value: '3125550103' },
      code: '118822',
      minutes: 10,
      locale: 'en',
      idempotencyKey: 'retry-otp',
    });
    await until(async () => (await statusOf(notificationId)) === 'sent', 20_000);
    expect((await database.notification.findUniqueOrThrow({ where: { id: notificationId } })).attempts).toBe(3);
  }, 30_000);

  it('marks a message dead after its last attempt fails', async () => {
    const tenant = await clinic({ smsFrom: '+13125550800' });
    const { notificationId } = await notifier.enqueue({
      tenant,
      channel: 'sms',
      to: '3125550104',
      template: 'check-in-confirmation',
      locale: 'en',
      variables: { patient: 'X', when: '9:00' },
      priority: 'transactional',
      idempotencyKey: 'dead-1',
      sendAfter: new Date(Date.now() + 3_600_000),
    });
    // The attempts before this one already failed.
    await database.notification.update({ where: { id: notificationId }, data: { attempts: 4 } });
    twilioStub.failFor.set('+13125550104', { status: 500, remaining: Number.POSITIVE_INFINITY });
    await notifier.deliver({ notificationId });
    twilioStub.failFor.delete('+13125550104');
    const row = await database.notification.findUniqueOrThrow({ where: { id: notificationId } });
    expect(row, JSON.stringify(row)).toMatchObject({
      status: 'dead',
      lastError: expect.stringContaining('500') as string,
    });
  });

  it('records an invalid number as failed and a refused mailbox as undeliverable, without retrying', async () => {
    const tenant = await clinic();
    smtp.refuse.add('gone@example.com');
    const email = await notifier.enqueue({
      tenant,
      channel: 'email',
      to: 'gone@example.com',
      template: 'check-in-confirmation',
      locale: 'en',
      variables: { patient: 'X', when: '9:00' },
      priority: 'transactional',
      idempotencyKey: 'bounce-1',
    });
    await until(async () => (await statusOf(email.notificationId)) === 'undeliverable');
    expect((await database.notification.findUniqueOrThrow({ where: { id: email.notificationId } })).attempts).toBe(1);
  });

  it('refuses an invalid phone number and a message with a missing value up front', async () => {
    const tenant = await clinic();
    await expect(
      notifier.enqueue({
        tenant,
        channel: 'sms',
        to: '12',
        template: 'check-in-confirmation',
        locale: 'en',
        variables: { patient: 'X', when: '9' },
        priority: 'transactional',
        idempotencyKey: 'bad-phone',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      notifier.enqueue({
        tenant,
        channel: 'sms',
        to: '3125550105',
        template: 'check-in-confirmation',
        locale: 'en',
        variables: { patient: 'X' },
        priority: 'transactional',
        idempotencyKey: 'missing-var',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await database.notification.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it('never resends when a worker died after handing off: the record waits for the carrier to settle it', async () => {
    const tenant = await clinic();
    const { notificationId } = await notifier.enqueue({
      tenant,
      channel: 'sms',
      to: '3125550106',
      template: 'check-in-confirmation',
      locale: 'en',
      variables: { patient: 'Crash', when: '9:00' },
      priority: 'transactional',
      idempotencyKey: 'crash-1',
      sendAfter: new Date(Date.now() + 3_600_000),
    });
    // What a worker leaves behind when it dies between Twilio's answer and its own bookkeeping:
    await database.notification.update({
      where: { id: notificationId },
      data: { handoffStartedAt: new Date(), status: 'sending', attempts: 1 },
    });
    // Only this recipient: earlier tests' reminders may still be draining in the background.
    const toThisPhone = (): number => twilioStub.messages.filter((message) => message.to === '+13125550106').length;
    const before = toThisPhone();
    await notifier.deliver({ notificationId });
    expect(toThisPhone()).toBe(before);
    expect(await statusOf(notificationId)).toBe('unconfirmed');
    // Twilio did accept it before the crash; its callback names our notification and settles it.
    await applyStatusCallback(database, {
      notificationId,
      params: { MessageSid: 'SM-from-before-the-crash', MessageStatus: 'delivered' },
    });
    expect(await database.notification.findUniqueOrThrow({ where: { id: notificationId } })).toMatchObject({
      status: 'delivered',
      providerMessageId: 'SM-from-before-the-crash',
    });
  });
});

describe('opt-out', () => {
  it('stops SMS after STOP, sends the code by email instead, and resumes after START', async () => {
    const tenant = await clinic({ smsFrom: '+13125550700' });
    const twiml = await applyInboundSms(database, {
      params: { From: '+13125550108', To: '+13125550700', Body: ' stop ' },
      defaultSender: undefined,
    });
    expect(twiml).toContain('<Response/>');
    const reminder = await notifier.enqueue({
      tenant,
      channel: 'sms',
      to: '3125550108',
      template: 'check-in-confirmation',
      locale: 'en',
      variables: { patient: 'Opted', when: '9:00' },
      priority: 'transactional',
      idempotencyKey: 'optout-1',
    });
    await until(async () => (await statusOf(reminder.notificationId)) === 'undeliverable');
    expect(twilioStub.messages.some((message) => message.to === '+13125550108')).toBe(false);
    const otp = await notifier.sendOtp({
      tenant,
      contact: { kind: 'sms', value: '3125550108' },
      fallbackEmail: 'opted@example.com',
      code: '909090',
      minutes: 10,
      locale: 'en',
      idempotencyKey: 'optout-otp',
    });
    expect(otp).toMatchObject({ channel: 'email', fellBackToEmail: true });
    await until(() => smtp.mails.find((mail) => mail.to.includes('opted@example.com')));
    await expect(
      notifier.sendOtp({
        tenant,
        contact: { kind: 'sms', value: '3125550108' },
        code: '1',
        minutes: 10,
        locale: 'en',
        idempotencyKey: 'optout-otp-2',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(
      await applyInboundSms(database, {
        params: { From: '+13125550108', To: '+13125550700', Body: 'HELP' },
        defaultSender: undefined,
      }),
    ).toContain('Reply STOP');
    await applyInboundSms(database, {
      params: { From: '+13125550108', To: '+13125550700', Body: 'START' },
      defaultSender: undefined,
    });
    expect(await notifier.isOptedOut(tenant.id, '+13125550108')).toBe(false);
  });
});

describe('reminders', () => {
  it('schedules 24 h and 2 h reminders, none in the past, and cancels them when the appointment changes', async () => {
    const tenant = await clinic();
    const now = new Date();
    const start = new Date(now.getTime() + 26 * 3_600_000).toISOString();
    const ids = await scheduleReminders(notifier, {
      tenant,
      appointmentId: 'appt-r1',
      start,
      channel: 'sms',
      to: '3125550109',
      locale: 'en',
      variables: {
        patient: 'Rem',
        when: 'tomorrow',
        location: 'Loop',
        address: '55 E Washington St',
        link: 'https://x.example',
      },
      now,
    });
    expect(ids).toHaveLength(2);
    const soon = new Date(now.getTime() + 3 * 3_600_000).toISOString();
    expect(
      await scheduleReminders(notifier, {
        tenant,
        appointmentId: 'appt-r2',
        start: soon,
        channel: 'sms',
        to: '3125550109',
        locale: 'en',
        variables: {
          patient: 'Rem',
          when: 'soon',
          location: 'Loop',
          address: '55 E Washington St',
          link: 'https://x.example',
        },
        now,
      }),
    ).toHaveLength(1);
    expect(await cancelReminders(notifier, tenant.id, 'appt-r1')).toBe(2);
    for (const id of ids) {
      await notifier.deliver({ notificationId: id });
      expect(await statusOf(id)).toBe('cancelled');
    }
  });

  it('stops texting at the clinic’s daily SMS budget and emails its administrators once', async () => {
    const tenant = await clinic({ smsDailyBudget: 2 });
    await createStaffUser(database, tenant.id, {
      email: `admin-${tenant.slug}@clinic.example`,
      displayName: 'Ada Admin',
      password: 'a long admin password',
      role: 'admin',
    });
    const text = (index: number): Promise<unknown> =>
      notifier
        .enqueue({
          tenant,
          channel: 'sms',
          to: `+1312555${String(1200 + index)}`,
          template: 'login-code',
          locale: 'en',
          variables: { code: '123456', minutes: '10' },
          priority: 'otp',
          idempotencyKey: `budget-${tenant.slug}-${index}`,
        })
        .then(
          () => 'queued',
          (error: unknown) => (error instanceof AppError ? error.reason : 'error'),
        );
    const outcomes = [await text(0), await text(1), await text(2), await text(3)];
    expect(outcomes).toEqual(['queued', 'queued', 'contact.smsBudgetExceeded', 'contact.smsBudgetExceeded']);
    const alerts = await database.notification.findMany({
      where: { tenantId: tenant.id, template: 'sms-budget-alert' },
    });
    expect(alerts.map((alert) => alert.recipient)).toEqual([`admin-${tenant.slug}@clinic.example`]);
    const audit = await database.auditEvent.findMany({
      where: { tenantId: tenant.id, action: 'notify.sms_budget_exceeded' },
    });
    expect(audit).toHaveLength(1);
  });
});
