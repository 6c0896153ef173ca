import { describe, expect, it } from 'vitest';
import { CATALOGUE_TTL_MS, clinicCatalogue } from './clinic-catalogue';
import type { Location } from './types';

function countingEhr(locationName = 'Main clinic') {
  const reads = { count: 0, fail: false };
  const location: Location = { id: 'l1', name: locationName, address: null, position: null, phone: null };
  return {
    reads,
    provider: {
      listLocations: (): Promise<Location[]> => {
        reads.count += 1;
        return reads.fail ? Promise.reject(new Error('EHR down')) : Promise.resolve([location]);
      },
      listServices: () => Promise.resolve([]),
      listPractitioners: () => Promise.resolve([]),
    },
  };
}

describe('a clinic’s catalogue', () => {
  it('is read from the EHR once a minute per clinic, and again after that', async () => {
    const { reads, provider } = countingEhr();
    const clinic = crypto.randomUUID();
    await Promise.all([clinicCatalogue(provider, clinic, 0), clinicCatalogue(provider, clinic, 10)]);
    expect((await clinicCatalogue(provider, clinic, CATALOGUE_TTL_MS - 1)).locations[0]?.name).toBe('Main clinic');
    expect(reads.count).toBe(1);
    await clinicCatalogue(provider, clinic, CATALOGUE_TTL_MS);
    expect(reads.count).toBe(2);
    await clinicCatalogue(provider, crypto.randomUUID(), 0);
    expect(reads.count).toBe(3);
  });

  it('does not keep a failed read: the next caller asks the EHR again', async () => {
    const { reads, provider } = countingEhr();
    const clinic = crypto.randomUUID();
    reads.fail = true;
    await expect(clinicCatalogue(provider, clinic, 0)).rejects.toThrow('EHR down');
    reads.fail = false;
    expect((await clinicCatalogue(provider, clinic, 1)).locations).toHaveLength(1);
    expect(reads.count).toBe(2);
  });
});
