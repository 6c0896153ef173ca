/** Percentiles for benchmark reports. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export interface Measurement {
  label: string;
  p50: number;
  p95: number;
  iterations: number;
}

export async function measure(
  label: string,
  iterations: number,
  run: (iteration: number) => Promise<void>,
): Promise<Measurement> {
  const samples: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const started = performance.now();
    await run(iteration);
    samples.push(performance.now() - started);
  }
  return { label, p50: percentile(samples, 50), p95: percentile(samples, 95), iterations };
}

export function printTable(rows: Measurement[]): void {
  console.log('\n| measurement | n | p50 (ms) | p95 (ms) |\n| --- | --- | --- | --- |');
  for (const row of rows)
    console.log(`| ${row.label} | ${row.iterations} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} |`);
}

/** Runs a benchmark script's main function and exits with its outcome. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
