/**
 * A replica that met PostgreSQL down at first use: the notifier and the eligibility queue fail then,
 * and start on the next use once PostgreSQL answers (a failed start is not kept as the answer).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ELIGIBILITY_QUEUES } from '@/lib/insurance/eligibility-jobs';
import { getEligibilityQueue } from '@/lib/insurance/eligibility-queue';
import { getNotifier } from '@/lib/notify/get-notifier';
import { QUEUES } from '@/lib/notify/queue';
import { getJobQueue } from './get-job-queue';

/** A TCP door to PostgreSQL: closed, it hangs up on every connection; open, it relays. */
async function postgresDoor(target: URL): Promise<{ port: number; open: () => void; close: () => Promise<void> }> {
  let isOpen = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (!isOpen) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy()).on('close', () => upstream.destroy());
    upstream.on('error', () => client.destroy()).on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('door has no port');
  return {
    port: address.port,
    open: () => {
      isOpen = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let door: Awaited<ReturnType<typeof postgresDoor>>;

beforeAll(async () => {
  const appUrl = new URL(inject('appDatabaseUrl'));
  door = await postgresDoor(appUrl);
  const throughDoor = new URL(appUrl);
  throughDoor.port = String(door.port);
  // This process's configuration, as a web server's: the app database (behind the door) as the app role.
  process.env.DATABASE_URL = throughDoor.toString();
  process.env.NEXTAUTH_SECRET ??= 'a-test-secret-of-at-least-thirty-two-characters';
});

afterAll(async () => {
  door.open();
  const boss = await getJobQueue().catch(() => null);
  await boss?.stop({ graceful: false, wait: true });
  await door.close();
});

describe('process-wide start-ups after PostgreSQL was down', () => {
  it('the notifier and the eligibility queue fail while it is down, then start once it answers', async () => {
    await expect(getNotifier()).rejects.toThrow();
    await expect(getEligibilityQueue()).rejects.toThrow();
    // Asked again while still down: tried again (and failed again), not an old failure replayed.
    await expect(getNotifier()).rejects.toThrow();

    door.open();
    const notifier = await getNotifier();
    expect(await getNotifier()).toBe(notifier);
    const boss = await getEligibilityQueue();
    expect(boss).toBe(await getJobQueue());
    // Each declared its queues on the one job queue, which now takes jobs.
    expect(await boss.getQueue(QUEUES.otp.name)).toMatchObject({ name: QUEUES.otp.name });
    expect(await boss.getQueue(ELIGIBILITY_QUEUES.retry)).toMatchObject({ name: ELIGIBILITY_QUEUES.retry });
    const jobId = await boss.send(ELIGIBILITY_QUEUES.retry, { probe: true });
    expect(jobId).toEqual(expect.any(String));
    if (jobId) await boss.cancel(ELIGIBILITY_QUEUES.retry, jobId);
  });
});
