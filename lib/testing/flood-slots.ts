/**
 * A flood of changes in a sandbox partition, as an EHR's own bulk job makes them: `count` new free
 * one-minute slots on one of the partition's schedules, written straight into the sandbox in batches.
 */
import { sandboxPool } from '@/lib/fhir-server/db';
import { insertNewResources } from '@/lib/fhir-server/store';

export async function floodSlots(
  sandboxDatabaseUrl: string,
  partition: string,
  options: { count: number; from: string },
): Promise<void> {
  const pool = await sandboxPool(sandboxDatabaseUrl);
  const schedule = await pool.query<{ id: string }>(
    "SELECT id FROM resources WHERE partition = $1 AND type = 'Schedule' LIMIT 1",
    [partition],
  );
  const start = Date.parse(options.from);
  await insertNewResources(
    pool,
    partition,
    Array.from({ length: options.count }, (_, index) => ({
      type: 'Slot' as const,
      id: `flood-${index}`,
      resource: {
        resourceType: 'Slot',
        schedule: { reference: `Schedule/${schedule.rows[0]?.id ?? ''}` },
        status: 'free',
        start: new Date(start + index * 60_000).toISOString(),
        end: new Date(start + (index + 1) * 60_000).toISOString(),
      },
    })),
  );
}
