/**
 * This process's background workers (notifications, eligibility, retention): started, still starting,
 * or failed and being retried. A start that fails (PostgreSQL down when the server came up) is tried
 * again with capped backoff until it succeeds, so a replica never stays without workers; /api/health
 * reports the state.
 */
import { log } from '@/lib/logger';

/** What /api/health shows (the failure itself goes to the log only: it may name hosts or users). */
export interface WorkerState {
  state: 'starting' | 'running' | 'retrying';
}

const globalForWorkers = globalThis as typeof globalThis & { __workerStatus?: Map<string, WorkerState> };

function registry(): Map<string, WorkerState> {
  globalForWorkers.__workerStatus ??= new Map<string, WorkerState>();
  return globalForWorkers.__workerStatus;
}

/** Each worker area of this process with its state (empty when workers run elsewhere). */
export function workerStates(): Record<string, WorkerState> {
  return Object.fromEntries(registry());
}

/**
 * Starts a worker area, retrying after a failure (1 s, 2 s, ... up to `maxDelayMs`) until it runs.
 * Resolves once the first attempt has finished either way; retries go on in the background.
 */
export async function startWorkerWithRetry(
  name: string,
  start: () => Promise<unknown>,
  options: { maxDelayMs?: number; initialDelayMs?: number } = {},
): Promise<void> {
  const workers = registry();
  const maxDelay = options.maxDelayMs ?? 60_000;
  let delay = options.initialDelayMs ?? 1000;
  workers.set(name, { state: 'starting' });
  const attempt = async (): Promise<void> => {
    try {
      await start();
      workers.set(name, { state: 'running' });
    } catch (error) {
      workers.set(name, { state: 'retrying' });
      log().error({ err: error, worker: name, retryInMs: delay }, 'workers failed to start; retrying');
      const wait = delay;
      delay = Math.min(delay * 2, maxDelay);
      setTimeout(() => void attempt(), wait).unref();
    }
  };
  await attempt();
}
