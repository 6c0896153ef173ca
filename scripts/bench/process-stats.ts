/** What a process has used so far, read from /proc (Linux): CPU time and resident memory. */
import { readFileSync } from 'node:fs';

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
