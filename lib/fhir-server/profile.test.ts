import { describe, expect, it } from 'vitest';
import { grantScopes, parseScope, Permissions, publicBaseUrl } from './profile';

describe('sandbox SMART scopes', () => {
  it('reads v1 and v2 scope syntax', () => {
    expect([...(parseScope('system/*.read')?.interactions ?? [])]).toEqual(['r', 's']);
    expect([...(parseScope('system/Slot.write')?.interactions ?? [])]).toEqual(['c', 'u', 'd']);
    expect([...(parseScope('system/*.cruds')?.interactions ?? [])]).toEqual(['c', 'r', 'u', 'd', 's']);
    expect(parseScope('patient/*.read')).toBeNull();
    expect(parseScope('system/*.sdr')).toBeNull();
  });

  it('grants only what was asked for, narrowed to what the client is registered for', () => {
    expect(grantScopes('system/*.cruds', 'system/*.*')).toBe('system/*.cruds');
    expect(grantScopes('system/*.cruds', 'system/*.rs')).toBe('system/*.rs');
    expect(grantScopes('system/Patient.read system/*.write', 'system/*.read')).toBe('system/Patient.read');
    expect(grantScopes('system/*.write', 'system/*.read')).toBe('');
    expect(grantScopes(null, 'system/*.rs')).toBe('system/*.rs');
  });

  it('honours only the first scope that names a type, as the strictest servers do', () => {
    const readFirst = new Permissions('system/*.read system/*.write');
    expect(readFirst.allows('Slot', 's')).toBe(true);
    expect(readFirst.allows('Slot', 'u')).toBe(false);
    const typed = new Permissions('system/Slot.rs system/*.cruds');
    expect(typed.allows('Slot', 'u')).toBe(false);
    expect(typed.allows('Appointment', 'c')).toBe(true);
    expect(new Permissions('system/*.cruds').allows('Coverage', 'd')).toBe(true);
  });
});

describe('the strict profile’s name for itself', () => {
  it('swaps the loopback host for its alias, keeping scheme, port and path', () => {
    expect(publicBaseUrl('strict', 'http://127.0.0.1:4100/fhir/p1')).toBe('http://localhost:4100/fhir/p1');
    expect(publicBaseUrl('lenient', 'http://127.0.0.1:4100/fhir/p1')).toBe('http://127.0.0.1:4100/fhir/p1');
  });
});
