import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { uniqueSlug, testDatabase } from '@/lib/testing/database';
import { createTenant } from './create-tenant';
import { getTenantBySlug, listTenants } from './get-tenant';

const database = testDatabase();

function clinic(slug: string): Parameters<typeof createTenant>[1] {
  return {
    slug,
    displayName: 'Northside Pediatrics',
    timeZone: 'America/Denver',
    fhirBaseUrl: 'https://ehr.northside.example/R4',
    mrnSystem: 'urn:oid:2.16.840.1.1',
  };
}

describe('onboarding a clinic', () => {
  it('stores the clinic so that it is found by its slug and listed', async () => {
    const slug = uniqueSlug();
    const created = await createTenant(database, clinic(slug));
    const found = await getTenantBySlug(database, slug);
    expect(found).toEqual(created);
    expect(found?.checkInSettings.radiusMeters).toBe(175);
    expect((await listTenants(database)).map((tenant) => tenant.slug)).toContain(slug);
  });

  it('reads a clinic changed since the last request as changed, at once', async () => {
    const slug = uniqueSlug();
    const created = await createTenant(database, clinic(slug));
    expect((await getTenantBySlug(database, slug))?.bookingRules).toEqual(created.bookingRules);
    await database.tenant.update({
      where: { id: created.id },
      data: { bookingRules: { ...created.bookingRules, minimumNoticeMinutes: 240 }, displayName: 'Northside Kids' },
    });
    const changed = await getTenantBySlug(database, slug);
    expect(changed?.bookingRules.minimumNoticeMinutes).toBe(240);
    expect(changed?.displayName).toBe('Northside Kids');
  });

  it('refuses a second clinic with the same slug, and keeps the first one unchanged', async () => {
    const slug = uniqueSlug();
    await createTenant(database, clinic(slug));
    const attempt = createTenant(database, { ...clinic(slug), displayName: 'Impostor Clinic' });
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    expect((await getTenantBySlug(database, slug))?.displayName).toBe('Northside Pediatrics');
  });

  it('refuses invalid settings with field details and writes nothing', async () => {
    const slug = uniqueSlug();
    const error = await createTenant(database, {
      ...clinic(slug),
      timeZone: 'Moon/Crater',
      fhirBaseUrl: 'ftp://ehr',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect(Object.keys((error as AppError).details ?? {})).toEqual(expect.arrayContaining(['timeZone', 'fhirBaseUrl']));
    expect(await database.tenant.count({ where: { slug } })).toBe(0);
  });

  it('finds nothing for an unknown or impossible slug', async () => {
    expect(await getTenantBySlug(database, uniqueSlug('missing'))).toBeNull();
    expect(await getTenantBySlug(database, '../etc/passwd')).toBeNull();
    expect(await getTenantBySlug(database, 'DEMO')).toBeNull();
  });
});
