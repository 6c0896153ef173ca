/**
 * No answer of the API has a place for a clinic's secrets (its EHR bearer token, client secret or
 * private key, its clearinghouse password): every endpoint's response schema (what route handlers
 * must satisfy and clients parse) is searched for a field of that name, however deeply nested.
 */
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { SECRET_FIELDS } from '@/lib/security/secrets';
import { auditApi } from './audit';
import { bookingApi } from './booking';
import { bridgeApi } from './bridge';
import { checkinApi } from './checkin';
import type { AnyEndpoint } from './endpoint';
import { identityApi } from './identity';
import { insuranceApi } from './insurance';
import { onboardingApi } from './onboarding';
import { passkeysApi, staffPasskeysApi } from './passkeys';
import { systemApi } from './system';

const apis: Record<string, Record<string, AnyEndpoint>> = {
  auditApi,
  bookingApi,
  bridgeApi,
  checkinApi,
  identityApi,
  insuranceApi,
  onboardingApi,
  passkeysApi,
  staffPasskeysApi,
  systemApi,
};

/** Every property name anywhere in a JSON schema. */
function propertyNames(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) propertyNames(item, found);
  else if (schema && typeof schema === 'object')
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object')
        for (const name of Object.keys(value as Record<string, unknown>)) found.add(name);
      propertyNames(value, found);
    }
  return found;
}

describe('API answers', () => {
  const endpoints = Object.entries(apis).flatMap(([api, endpoints]) =>
    Object.entries(endpoints).map(([name, endpoint]) => ({ name: `${api}.${name}`, endpoint })),
  );

  it('are all described (the search below covers the whole contract)', () => {
    expect(endpoints.length).toBeGreaterThan(30);
    const names = propertyNames(z.toJSONSchema(onboardingApi.runEhrCheck.response, { unrepresentable: 'any' }));
    expect(names).toContain('detail');
  });

  it('have no field for a clinic secret, in any endpoint, success or error', () => {
    const leaks = endpoints.flatMap(({ name, endpoint }) =>
      [endpoint.response, endpoint.error].flatMap((schema) =>
        [...propertyNames(z.toJSONSchema(schema, { unrepresentable: 'any' }))]
          .filter((field) => SECRET_FIELDS.has(field))
          .map((field) => `${name}: ${field}`),
      ),
    );
    expect(leaks).toEqual([]);
  });
});
