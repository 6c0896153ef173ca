import { describe, expect, it } from 'vitest';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { posterUrl, rotatePosterKey, signPosterLink, verifyPosterLink } from './lobby-poster';

const database = testDatabase();

async function tenantId(): Promise<string> {
  return (
    await createTenant(database, {
      slug: uniqueSlug('lobby'),
      displayName: 'Lobby Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1.2',
    })
  ).id;
}

describe('lobby check-in posters', () => {
  it('verify for their own location and clinic only', async () => {
    const tenant = await tenantId();
    const link = await signPosterLink(database, { tenantId: tenant, locationId: 'loc-a' });
    expect(await verifyPosterLink(database, { tenantId: tenant, link })).toEqual({
      status: 'valid',
      locationId: 'loc-a',
    });
    expect(await verifyPosterLink(database, { tenantId: tenant, link: { ...link, locationId: 'loc-b' } })).toEqual({
      status: 'invalid',
    });
    expect(await verifyPosterLink(database, { tenantId: await tenantId(), link })).toEqual({ status: 'invalid' });
  });

  it('refuse a tampered signature or expiry, and an expired poster', async () => {
    const tenant = await tenantId();
    const now = new Date('2026-01-01T00:00:00Z');
    const link = await signPosterLink(database, { tenantId: tenant, locationId: 'loc-a', now });
    expect(
      await verifyPosterLink(database, {
        tenantId: tenant,
        link: { ...link, signature: `${link.signature.slice(0, -2)}${link.signature.endsWith('xx') ? 'yy' : 'xx'}` },
        now,
      }),
    ).toEqual({ status: 'invalid' });
    expect(
      await verifyPosterLink(database, { tenantId: tenant, link: { ...link, expires: link.expires + 86_400 }, now }),
    ).toEqual({ status: 'invalid' });
    expect(
      await verifyPosterLink(database, { tenantId: tenant, link, now: new Date((link.expires + 1) * 1000) }),
    ).toEqual({ status: 'expired' });
  });

  it('are voided when an administrator rotates the location key, and new posters work', async () => {
    const tenant = await tenantId();
    const old = await signPosterLink(database, { tenantId: tenant, locationId: 'loc-a' });
    await rotatePosterKey(database, { tenantId: tenant, locationId: 'loc-a' });
    expect(await verifyPosterLink(database, { tenantId: tenant, link: old })).toEqual({ status: 'rotated' });
    const fresh = await signPosterLink(database, { tenantId: tenant, locationId: 'loc-a' });
    expect(fresh.keyId).not.toBe(old.keyId);
    expect(await verifyPosterLink(database, { tenantId: tenant, link: fresh })).toEqual({
      status: 'valid',
      locationId: 'loc-a',
    });
    expect(posterUrl('https://book.example', 'demo', fresh)).toMatch(
      /^https:\/\/book\.example\/demo\/arrive\/loc-a\?k=[0-9a-f-]{36}&e=\d+&s=[\w-]{43}$/,
    );
  });
});
