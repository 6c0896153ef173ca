/** Fills a sandbox partition with the demo clinic, once (an empty partition only). */
import { readPartition } from '../auth';
import { inTransaction, sandboxPool } from '../db';
import { newVersionLabel } from '../profile';
import { insertNewResources, partitionIsEmpty } from '../store';
import { generateDemoClinic, type DemoClinicOptions } from './demo-clinic';

export async function seedPartition(
  databaseUrl: string,
  partition: string,
  options: DemoClinicOptions,
): Promise<{ seeded: boolean; resources: number }> {
  const pool = await sandboxPool(databaseUrl);
  const profile = (await readPartition(pool, partition))?.profile ?? 'lenient';
  const outcome = await inTransaction(pool, async (client) => {
    // Serialize concurrent seeders of the same partition.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fhir-seed:${partition}`]);
    if (!(await partitionIsEmpty(client, partition))) return { seeded: false, resources: 0 };
    const resources = generateDemoClinic(options);
    await insertNewResources(client, partition, resources, {
      labels: (versionId) => newVersionLabel(profile, versionId),
    });
    // Fresh statistics, so the planner drives searches from the selective index rows at once.
    await client.query('ANALYZE resources, resource_history, idx_token, idx_string, idx_date, idx_reference');
    return { seeded: true, resources: resources.length };
  });
  // A bulk load leaves the index tables' pages unmarked in the visibility map, so searches would read
  // the table for every index row; VACUUM marks them (autovacuum would, later) and searches are
  // answered from the indexes alone at once. It cannot run inside the transaction above.
  if (outcome.seeded) await pool.query('VACUUM (ANALYZE) resources, idx_token, idx_string, idx_date, idx_reference');
  return outcome;
}
