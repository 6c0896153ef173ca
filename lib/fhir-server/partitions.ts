/** Creating sandbox partitions with a client, for the demo seed, tests and `npm run fhir:seed`. */
import { randomBytes } from 'node:crypto';
import { createPartition, registerClient } from './auth';
import { sandboxPool } from './db';

export interface PartitionCredentials {
  partition: string;
  clientId: string;
  clientSecret: string;
}

/** Creates the partition if missing and (re)registers the client with the given or a new secret. */
export async function ensurePartition(
  databaseUrl: string,
  partition: string,
  options: { clientId?: string; clientSecret?: string } = {},
): Promise<PartitionCredentials> {
  const pool = await sandboxPool(databaseUrl);
  await createPartition(pool, partition);
  const clientId = options.clientId ?? 'scheduling-app';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  await registerClient(pool, partition, clientId, clientSecret);
  return { partition, clientId, clientSecret };
}
