/**
 * SMART system scopes as the adapter needs them (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html):
 * which scope to ask for, and whether a granted scope string covers what the app does. Both v1
 * (`system/*.read`, `system/Slot.write`, `system/*.*`) and v2 (`system/*.cruds`, `system/Slot.rs`) syntax.
 */

/** c(reate) r(ead) u(pdate) d(elete) s(earch), as SMART v2 names them. */
export type ScopeInteraction = 'c' | 'r' | 'u' | 'd' | 's';

interface ParsedScope {
  type: string;
  interactions: ReadonlySet<ScopeInteraction>;
}

function parse(raw: string): ParsedScope | null {
  const match = /^system\/([A-Za-z]+|\*)\.([a-z*]+)$/.exec(raw);
  if (!match) return null;
  const [, type = '', access = ''] = match;
  const letters: Record<string, ScopeInteraction[]> = {
    read: ['r', 's'],
    write: ['c', 'u', 'd'],
    '*': ['c', 'r', 'u', 'd', 's'],
  };
  const interactions = letters[access] ?? (/^c?r?u?d?s?$/.test(access) ? ([...access] as ScopeInteraction[]) : null);
  return interactions ? { type, interactions: new Set(interactions) } : null;
}

/** What the app does on a clinic's EHR, per resource type. */
export const NEEDED_ACCESS: Readonly<Record<string, readonly ScopeInteraction[]>> = {
  Patient: ['r', 's', 'c', 'u'],
  RelatedPerson: ['r', 's', 'c'],
  Practitioner: ['r', 's'],
  PractitionerRole: ['r', 's'],
  Location: ['r', 's'],
  HealthcareService: ['r', 's'],
  Schedule: ['r', 's'],
  Slot: ['r', 's', 'u'],
  Appointment: ['r', 's', 'c', 'u'],
  Coverage: ['r', 's', 'c', 'u'],
  Organization: ['r', 's'],
};

/** The scope to ask for when the clinic configured none: one scope covering every interaction. */
export function defaultScope(smartCapabilities: readonly string[]): string {
  return smartCapabilities.includes('permission-v2') ? 'system/*.cruds' : 'system/*.*';
}

export interface ScopeShortfall {
  type: string;
  missing: ScopeInteraction[];
}

/**
 * What the granted scopes lack for the app, read two ways: `strictest` as servers that honour only the
 * first scope naming a type (or `*`) read it, `anyReading` as the union of every scope. A shortfall in
 * `anyReading` fails on every server; one only in `strictest` fails on some.
 */
export function scopeShortfalls(granted: string): { strictest: ScopeShortfall[]; anyReading: ScopeShortfall[] } {
  const scopes = granted.split(/\s+/).flatMap((raw) => parse(raw) ?? []);
  const strictest: ScopeShortfall[] = [];
  const anyReading: ScopeShortfall[] = [];
  for (const [type, needed] of Object.entries(NEEDED_ACCESS)) {
    const matching = scopes.filter((scope) => scope.type === type || scope.type === '*');
    const first = matching[0];
    const firstMissing = needed.filter((code) => !first?.interactions.has(code));
    const unionMissing = needed.filter((code) => !matching.some((scope) => scope.interactions.has(code)));
    if (firstMissing.length) strictest.push({ type, missing: firstMissing });
    if (unionMissing.length) anyReading.push({ type, missing: unionMissing });
  }
  return { strictest, anyReading };
}

/** "Slot: update; Appointment: create, update" */
export function describeShortfalls(shortfalls: ScopeShortfall[]): string {
  const names: Record<ScopeInteraction, string> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };
  return shortfalls.map((item) => `${item.type}: ${item.missing.map((code) => names[code]).join(', ')}`).join('; ');
}
