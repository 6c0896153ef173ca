/** What a process has used so far, read from /proc (Linux): CPU time and resident memory. */
import { readFileSync } from 'node:fs';
import type { AppStack } from './app-stack';

/** CPU time (user + system) of a process so far in ms, from /proc (Linux); 0 when it is gone. */
export function cpuMsOf(pid: number): number {
  try {
    const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    // utime and stime, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Resident memory of a process in MiB (VmRSS of /proc/<pid>/status); 0 when it is gone. */
export function rssMibOf(pid: number): number {
  try {
    const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(line?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** CPU so far (ms) of each backend the database runs for the stack's app and sandbox databases, by pid. */
export async function databaseBackendsCpu(stack: AppStack): Promise<Map<number, number>> {
  const backends = await stack.database.$queryRawUnsafe<{ pid: number }[]>(
    'SELECT pid FROM pg_stat_activity WHERE datname IN ($1, $2)',
    stack.databaseNames.app,
    stack.databaseNames.sandbox,
  );
  return new Map(backends.map(({ pid }) => [pid, cpuMsOf(pid)]));
}

/** CPU (ms) the backends spent between two readings (a backend that started meanwhile counts from zero). */
export function backendsCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, cpu] of after) spent += cpu - (before.get(pid) ?? cpu);
  return spent;
}
