/** Reading search Bundles and building the scheduling transactions (DESIGN.md, FHIR conventions). */
import type {
  Appointment as FhirAppointment,
  Bundle,
  BundleEntry,
  FhirResource,
  OperationOutcome,
  Patient as FhirPatient,
  Slot as FhirSlot,
} from 'fhir/r4';
import { AppError } from '@/lib/errors';

export function resourcesOf<T extends FhirResource>(
  bundle: Bundle,
  type: T['resourceType'],
  mode?: 'match' | 'include',
): T[] {
  return (bundle.entry ?? [])
    .filter(
      (entry) => entry.resource?.resourceType === type && (!mode || !entry.search?.mode || entry.search.mode === mode),
    )
    .map((entry) => entry.resource as T);
}

export function nextLink(bundle: Bundle): string | null {
  return bundle.link?.find((link) => link.relation === 'next')?.url ?? null;
}

/**
 * A transaction's result. Servers answer a failed transaction with a bare OperationOutcome (or an
 * error status); a stale If-Match means someone else got there first.
 */
export function checkTransactionResponse(response: Bundle | OperationOutcome, expectedEntries: number): BundleEntry[] {
  if (response.resourceType !== 'Bundle' || response.type !== 'transaction-response') {
    throw new AppError('conflict', 'ehr.transactionChanged', {
      cause: new Error(`unexpected transaction answer: ${response.resourceType}`),
    });
  }
  const entries = response.entry ?? [];
  if (entries.length !== expectedEntries || entries.some((entry) => !/^2\d\d/.test(entry.response?.status ?? ''))) {
    throw new AppError('conflict', 'ehr.transactionChanged', {
      cause: new Error('transaction entries did not all succeed'),
    });
  }
  return entries;
}

export function weakEtag(version: string): string {
  return `W/"${version}"`;
}

export function withSlotStatus(slot: FhirSlot, status: FhirSlot['status']): FhirSlot {
  const { meta: _meta, ...rest } = slot;
  return { ...rest, status };
}

export function withoutMeta<T extends FhirAppointment | FhirSlot | FhirPatient>(resource: T): T {
  const { meta: _meta, ...rest } = resource;
  return rest as T;
}
