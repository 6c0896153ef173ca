/**
 * `npm run bench:notify [-- --reminders 10000 --otps 20 --rate 50]`
 * Queues a burst of reminders for one clinic, then one-time codes for that clinic and another while
 * the burst drains, with the real twilio SDK handing off to a loopback Twilio stub. Reports the codes'
 * time from request to hand-off (p50/p95; goal p95 < 2 s) and the reminder throughput.
 */
import './throwaway-secrets-key';
import { parseArgs } from 'node:util';
import { TwilioSmsChannel } from '@/lib/notify/channels/twilio-sms';
import { DevOutboxChannel } from '@/lib/notify/channels/dev-outbox';
import { Notifier } from '@/lib/notify/notifier';
import { startQueue } from '@/lib/notify/queue';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { startTwilioStub } from '@/lib/testing/twilio-stub';
import { openBenchDatabase } from './bench-database';
import { percentile, runBench } from './stats';

const { values } = parseArgs({
  options: {
    reminders: { type: 'string', default: '10000' },
    otps: { type: 'string', default: '20' },
    rate: { type: 'string', default: '50' },
  },
});

async function main(): Promise<void> {
  const bench = await openBenchDatabase('notify');
  const { database, databaseUrl } = bench;
  const stub = await startTwilioStub();
  const boss = await startQueue(databaseUrl);
  try {
    const notifier = new Notifier({
      database,
      boss,
      channels: {
        sms: new TwilioSmsChannel({ accountSid: stub.accountSid, authToken: stub.authToken, apiBaseUrl: stub.baseUrl }),
        email: new DevOutboxChannel('email'),
      },
      smsRatePerSecond: Number(values.rate),
      defaultSmsFrom: '+13125550199',
      emailFrom: 'bench@localhost',
      appBaseUrl: 'http://127.0.0.1:9',
    });
    const clinic = (slug: string, sender: string): ReturnType<typeof createTenant> =>
      createTenant(database, {
        slug,
        displayName: slug,
        timeZone: 'America/Chicago',
        fhirBaseUrl: 'https://ehr.example/R4',
        mrnSystem: 'urn:mrn',
        notificationSettings: { defaultCountry: 'US', smsFrom: sender },
      });
    const busy = await clinic('busy-clinic', '+13125550400');
    const quiet = await clinic('quiet-clinic', '+13125550500');
    const reminders = Number(values.reminders);
    const enqueueStarted = performance.now();
    const variables = {
      patient: 'Pat',
      when: 'tomorrow 9:00 AM',
      location: 'Loop',
      address: '55 E Washington St',
      link: 'https://book.example/demo',
    };
    for (let start = 0; start < reminders; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, reminders - start) }, (_, offset) =>
          notifier.enqueue({
            tenant: busy,
            channel: 'sms',
            to: `+1312${String(5550000 + ((start + offset) % 10000)).padStart(7, '0')}`,
            template: 'reminder-24h',
            locale: 'en',
            variables,
            priority: 'bulk',
            idempotencyKey: `reminder-${start + offset}`,
          }),
        ),
      );
    }
    console.log(`Queued ${reminders} reminders in ${((performance.now() - enqueueStarted) / 1000).toFixed(1)} s`);

    await notifier.work();
    const drainStarted = Date.now();
    const latencies: Record<string, number[]> = { 'busy-clinic': [], 'quiet-clinic': [] };
    const otps = Number(values.otps);
    for (let index = 0; index < otps; index += 1) {
      for (const tenant of [busy, quiet]) {
        const code = String(100000 + index * 2 + (tenant === busy ? 0 : 1));
        const requested = Date.now();
        await notifier.sendOtp({
          tenant,
          contact: { kind: 'sms', value: `+1773555${String(1000 + index).slice(-4)}` },
          code,
          minutes: 10,
          locale: 'en',
          idempotencyKey: `otp-${tenant.slug}-${index}`,
        });
        void (async () => {
          for (;;) {
            const handed = stub.messages.find((message) => message.body.includes(code));
            if (handed) return latencies[tenant.slug]?.push(handed.receivedAt - requested);
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        })();
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const deadline = Date.now() + 30_000;
    while (
      (latencies['busy-clinic']?.length ?? 0) + (latencies['quiet-clinic']?.length ?? 0) < otps * 2 &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    const elapsed = (Date.now() - drainStarted) / 1000;
    const remindersHanded = stub.messages.filter(
      (message) => message.from === '+13125550400' && message.body.startsWith('Reminder'),
    ).length;
    console.log('\n| one-time codes | n | p50 to hand-off (ms) | p95 (ms) |\n| --- | --- | --- | --- |');
    for (const [slug, samples] of Object.entries(latencies)) {
      const clinic = slug === 'busy-clinic' ? 'clinic with the reminder burst (same sender)' : 'another clinic';
      const [p50, p95] = [percentile(samples, 50).toFixed(0), percentile(samples, 95).toFixed(0)];
      console.log(`| ${clinic} | ${samples.length} | ${p50} | ${p95} |`);
    }
    const handedOff = `${remindersHanded} in ${elapsed.toFixed(1)} s = ${(remindersHanded / elapsed).toFixed(1)}/s`;
    console.log(
      `\nReminders handed off while codes were measured: ${handedOff} (sender limit ${values.rate}/s); ` +
        `${reminders - remindersHanded} still queued behind the pacing, none ahead of any code.`,
    );
  } finally {
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    await stub.close();
    await bench.close();
  }
}

runBench(main);
