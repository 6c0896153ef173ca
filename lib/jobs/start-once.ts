/**
 * Process-wide start-up of a long-lived resource (the job queue, the notifier, ...): the first caller
 * starts it, every caller shares the same promise. A start that fails is forgotten, so the next call
 * tries again instead of every request failing until the process restarts. Kept on globalThis so that
 * Next's module reloading in development does not start a second copy.
 */
const globalForStartOnce = globalThis as typeof globalThis & { __startOnce?: Map<string, Promise<unknown>> };

export function startOnce<T>(key: string, start: () => Promise<T>): Promise<T> {
  const started = (globalForStartOnce.__startOnce ??= new Map<string, Promise<unknown>>());
  const existing = started.get(key) as Promise<T> | undefined;
  if (existing) return existing;
  const promise = start();
  started.set(key, promise);
  promise.catch(() => {
    if (started.get(key) === promise) started.delete(key);
  });
  return promise;
}
