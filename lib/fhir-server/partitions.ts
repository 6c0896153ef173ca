/** Creating sandbox partitions with a client, for the demo seed, tests and `npm run fhir:seed`. */
import { randomBytes } from 'node:crypto';
import { createPartition, registerClient } from './auth';
import { sandboxPool } from './db';
import type { PartitionBehaviour } from './profile';

export interface PartitionCredentials {
  partition: string;
  clientId: string;
  clientSecret: string;
}

export interface EnsurePartitionOptions extends Partial<PartitionBehaviour> {
  clientId?: string;
  clientSecret?: string;
  /** The scopes the client may be granted (default everything). */
  clientScopes?: string;
}

/**
 * Creates the partition if missing (with the given profile, transaction and scheduling modes) and (re)registers
 * the client with the given or a new secret.
 */
export async function ensurePartition(
  databaseUrl: string,
  partition: string,
  options: EnsurePartitionOptions = {},
): Promise<PartitionCredentials> {
  const pool = await sandboxPool(databaseUrl);
  await createPartition(pool, partition, {
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.transactions ? { transactions: options.transactions } : {}),
    ...(options.scheduling ? { scheduling: options.scheduling } : {}),
  });
  const clientId = options.clientId ?? 'scheduling-app';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  await registerClient(pool, partition, clientId, clientSecret, options.clientScopes);
  return { partition, clientId, clientSecret };
}
