import { notFound } from 'next/navigation';
import { cache } from 'react';
import { db } from '@/lib/db/client';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';

/** The tenant of a `/{tenant}/...` page, once per request; unknown slugs render the friendly 404. */
export const loadTenant = cache(async (slug: string): Promise<Tenant> => {
  const tenant = await getTenantBySlug(db(), slug);
  if (!tenant) notFound();
  return tenant;
});
