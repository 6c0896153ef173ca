/**
 * The servers a contract suite runs against: FHIR_CONTRACT_BASE_URL (+ _TOKEN_URL, _CLIENT_ID,
 * _CLIENT_SECRET, optional _SCOPE) when set, otherwise a throwaway embedded sandbox, once per profile
 * (lenient and strict), each with a second partition for isolation checks.
 */
import type { SandboxProfile } from '@/lib/fhir-server/profile';
import { startTestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { ContractClient } from './fhir-client';

export interface ContractTargets {
  fhir: ContractClient;
  /** A second partition of the same server, or null against an external server. */
  other: ContractClient | null;
  close: () => Promise<void>;
}

/** What the suite runs against: `external` (the variables above) or a sandbox profile. */
export type ContractTargetKind = 'external' | SandboxProfile;

export function contractTargetKinds(): ContractTargetKind[] {
  return process.env.FHIR_CONTRACT_BASE_URL ? ['external'] : ['lenient', 'strict'];
}

export async function openContractTargets(
  databaseServerUrl: string,
  kind: ContractTargetKind,
): Promise<ContractTargets> {
  const external = process.env.FHIR_CONTRACT_BASE_URL;
  if (kind === 'external') {
    if (!external) throw new Error('FHIR_CONTRACT_BASE_URL is not set.');
    const fhir = new ContractClient({
      baseUrl: external,
      tokenUrl: process.env.FHIR_CONTRACT_TOKEN_URL ?? `${external}/auth/token`,
      clientId: process.env.FHIR_CONTRACT_CLIENT_ID ?? '',
      clientSecret: process.env.FHIR_CONTRACT_CLIENT_SECRET ?? '',
      ...(process.env.FHIR_CONTRACT_SCOPE ? { scope: process.env.FHIR_CONTRACT_SCOPE } : {}),
    });
    await fhir.authenticate();
    return { fhir, other: null, close: () => Promise.resolve() };
  }
  const sandbox = await startTestFhirSandbox(databaseServerUrl);
  const fhir = new ContractClient(await sandbox.createPartition(undefined, { profile: kind }));
  const other = new ContractClient(await sandbox.createPartition(undefined, { profile: kind }));
  await Promise.all([fhir.authenticate(), other.authenticate()]);
  return { fhir, other, close: () => sandbox.close() };
}
