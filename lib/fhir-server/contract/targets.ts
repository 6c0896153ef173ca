/**
 * The servers a contract suite runs against: FHIR_CONTRACT_BASE_URL (+ _TOKEN_URL, _CLIENT_ID,
 * _CLIENT_SECRET) when set, otherwise two partitions of a throwaway embedded sandbox (the second one
 * for isolation checks).
 */
import { startTestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { ContractClient } from './fhir-client';

export interface ContractTargets {
  fhir: ContractClient;
  /** A second partition of the same server, or null against an external server. */
  other: ContractClient | null;
  close: () => Promise<void>;
}

export async function openContractTargets(databaseServerUrl: string): Promise<ContractTargets> {
  const external = process.env.FHIR_CONTRACT_BASE_URL;
  if (external) {
    const fhir = new ContractClient({
      baseUrl: external,
      tokenUrl: process.env.FHIR_CONTRACT_TOKEN_URL ?? `${external}/auth/token`,
      clientId: process.env.FHIR_CONTRACT_CLIENT_ID ?? '',
      clientSecret: process.env.FHIR_CONTRACT_CLIENT_SECRET ?? '',
    });
    await fhir.authenticate();
    return { fhir, other: null, close: () => Promise.resolve() };
  }
  const sandbox = await startTestFhirSandbox(databaseServerUrl);
  const fhir = new ContractClient(await sandbox.createPartition());
  const other = new ContractClient(await sandbox.createPartition());
  await Promise.all([fhir.authenticate(), other.authenticate()]);
  return { fhir, other, close: () => sandbox.close() };
}
