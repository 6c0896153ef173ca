/**
 * The FHIR sandbox over real HTTP for integration tests: a throwaway sandbox database on the test
 * PostgreSQL server, served on a loopback port by the same handler as /fhir in the app.
 */
import { dropDatabase, ensureDatabase, withDatabase } from '@/lib/db/admin';
import { closeSandboxPool } from '@/lib/fhir-server/db';
import { startSandboxServer } from '@/lib/fhir-server/node-server';
import { ensurePartition, type EnsurePartitionOptions } from '@/lib/fhir-server/partitions';
import { throwawayDatabaseName } from './test-postgres';

export interface SandboxPartition {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** How a clinic reaches the partition, as onboarding stores it: its base URL and SMART client credentials. */
export function sandboxConnection(partition: SandboxPartition): {
  fhirBaseUrl: string;
  fhirAuth: { type: 'smart-client-secret'; tokenUrl: string; clientId: string; clientSecret: string };
} {
  return {
    fhirBaseUrl: partition.baseUrl,
    fhirAuth: {
      type: 'smart-client-secret',
      tokenUrl: partition.tokenUrl,
      clientId: partition.clientId,
      clientSecret: partition.clientSecret,
    },
  };
}

export interface TestFhirSandbox {
  origin: string;
  databaseUrl: string;
  /** A new partition (a generated name unless given) with its client; lenient and atomic by default. */
  createPartition: (name?: string, options?: EnsurePartitionOptions) => Promise<SandboxPartition>;
  close: () => Promise<void>;
}

export async function startTestFhirSandbox(databaseServerUrl: string): Promise<TestFhirSandbox> {
  const name = throwawayDatabaseName('fhir_test');
  await ensureDatabase(databaseServerUrl, name);
  const databaseUrl = withDatabase(databaseServerUrl, name);
  const server = await startSandboxServer(databaseUrl);
  let counter = 0;
  return {
    origin: server.origin,
    databaseUrl,
    createPartition: async (partitionName, options = {}) => {
      counter += 1;
      const partition = partitionName ?? `p${counter}-${Math.random().toString(36).slice(2, 8)}`;
      const credentials = await ensurePartition(databaseUrl, partition, options);
      const baseUrl = `${server.origin}/fhir/${partition}`;
      return {
        baseUrl,
        tokenUrl: `${baseUrl}/auth/token`,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
      };
    },
    close: async () => {
      await server.close();
      await closeSandboxPool(databaseUrl);
      await dropDatabase(databaseServerUrl, name);
    },
  };
}
