/**
 * How a sandbox partition behaves. The sandbox stands in for every EHR a clinic may run, so besides
 * its default (`lenient`) it can behave like the strictest production FHIR servers (`strict`):
 *
 * | behaviour                                   | lenient               | strict                           |
 * | ------------------------------------------- | --------------------- | -------------------------------- |
 * | write bodies that are not (fhir+)json       | 415                   | 415                              |
 * | SMART scopes                                | granted as registered | granted only as requested, first |
 * |                                             | and not enforced      | matching scope per type enforced |
 * | version ids                                 | "1", "2", ...         | opaque strings                   |
 * | `Bundle.total` on searches                  | always                | only with `_total=accurate`      |
 * | system and type `_history`                  | yes                   | no (404)                         |
 * | unknown search parameters                   | ignored (400 with     | 400                              |
 * |                                             | `handling=strict`)    |                                  |
 * | reference search values                     | `Type/id` or `id`     | `Type/id` only                   |
 * | links and base URL named by                 | the request's host    | an alias (127.0.0.1 -> localhost)|
 *
 * `scheduling` says how clients book (in both profiles): `slot-writes` (the default) offers only writing
 * Slot and Appointment (a transaction Bundle with If-Match); `operations` also offers and declares the
 * IHE ITI Scheduling operations on Appointment (`$find`, `$hold`, `$book`, see scheduling-operations.ts);
 * `operations-only` declares the operations and refuses client writes to Slot (read and search stay),
 * as EHRs do that let an outside app book but never touch their schedules.
 *
 * `transactions: 'non-atomic'` makes a partition answer a transaction Bundle entry by entry, as a
 * batch, while still declaring `transaction` (as some servers do unless a setting is on). It exists to
 * test the onboarding check, never for real use.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const SANDBOX_PROFILES = ['lenient', 'strict'] as const;
export type SandboxProfile = (typeof SANDBOX_PROFILES)[number];
export const TRANSACTION_MODES = ['atomic', 'non-atomic'] as const;
export type TransactionMode = (typeof TRANSACTION_MODES)[number];
export const SCHEDULING_MODES = ['slot-writes', 'operations', 'operations-only'] as const;
export type SchedulingMode = (typeof SCHEDULING_MODES)[number];

export const partitionBehaviourSchema = z.object({
  profile: z.enum(SANDBOX_PROFILES).default('lenient'),
  transactions: z.enum(TRANSACTION_MODES).default('atomic'),
  scheduling: z.enum(SCHEDULING_MODES).default('slot-writes'),
});
export type PartitionBehaviour = z.infer<typeof partitionBehaviourSchema>;

/** A behaviour to set: what is left out stays as it is (or the default, for a new partition). */
export const partitionBehaviourChangeSchema = z.object({
  profile: z.enum(SANDBOX_PROFILES, { message: `must be one of ${SANDBOX_PROFILES.join(', ')}` }).optional(),
  transactions: z.enum(TRANSACTION_MODES, { message: `must be one of ${TRANSACTION_MODES.join(', ')}` }).optional(),
  scheduling: z.enum(SCHEDULING_MODES, { message: `must be one of ${SCHEDULING_MODES.join(', ')}` }).optional(),
});

/** Whether the partition offers the IHE scheduling operations. */
export function offersSchedulingOperations(behaviour: Pick<PartitionBehaviour, 'scheduling'>): boolean {
  return behaviour.scheduling !== 'slot-writes';
}

/** Everything a request to one partition needs to know about it. */
export interface PartitionContext extends PartitionBehaviour {
  name: string;
  /** The partition's public base URL, as the server names itself in links and locations. */
  baseUrl: string;
  /** What the caller's token allows; null where scopes are not enforced (lenient). */
  permissions: Permissions | null;
}

/** A new version id for a write: the version number itself, or an opaque string (strict). */
export function newVersionLabel(profile: SandboxProfile, versionNumber: number): string {
  return profile === 'strict' ? `v${randomBytes(8).toString('hex')}` : String(versionNumber);
}

/**
 * The name a strict server gives itself: the same origin under its other loopback name, so a client
 * that accepts `next` links only from the host it was configured with fails as it would in production.
 */
export function publicBaseUrl(profile: SandboxProfile, requestBaseUrl: string): string {
  if (profile !== 'strict') return requestBaseUrl;
  const url = new URL(requestBaseUrl);
  if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
  else if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  return url.toString().replace(/\/$/, '');
}

// ---- SMART scopes (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html) ----

export type Interaction = 'c' | 'r' | 'u' | 'd' | 's';
const ALL: readonly Interaction[] = ['c', 'r', 'u', 'd', 's'];

interface Scope {
  raw: string;
  type: string;
  interactions: ReadonlySet<Interaction>;
}

/** `system/Patient.read`, `system/*.write`, `system/*.*` (v1) or `system/*.cruds`, `system/Slot.rs` (v2). */
export function parseScope(raw: string): Scope | null {
  const match = /^system\/([A-Za-z]+|\*)\.([a-z*]+)$/.exec(raw);
  if (!match) return null;
  const [, type = '', access = ''] = match;
  if (access === 'read') return { raw, type, interactions: new Set<Interaction>(['r', 's']) };
  if (access === 'write') return { raw, type, interactions: new Set<Interaction>(['c', 'u', 'd']) };
  if (access === '*') return { raw, type, interactions: new Set(ALL) };
  if (!/^c?r?u?d?s?$/.test(access)) return null;
  return { raw, type, interactions: new Set([...access] as Interaction[]) };
}

function within(requested: Scope, allowed: Scope): Scope | null {
  if (allowed.type !== '*' && allowed.type !== requested.type) return null;
  const interactions = ALL.filter((code) => requested.interactions.has(code) && allowed.interactions.has(code));
  if (interactions.length === 0) return null;
  if (interactions.length === requested.interactions.size) return requested;
  return {
    raw: `system/${requested.type}.${interactions.join('')}`,
    type: requested.type,
    interactions: new Set(interactions),
  };
}

/**
 * The scopes granted for a token request: each requested scope, narrowed to what the client is
 * registered for (dropped when nothing of it is allowed); nothing requested means all it may have.
 */
export function grantScopes(requested: string | null, allowed: string): string {
  const allowedScopes = allowed.split(/\s+/).flatMap((raw) => parseScope(raw) ?? []);
  const asked = (requested ?? '').split(/\s+/).filter(Boolean);
  if (asked.length === 0) return allowedScopes.map((scope) => scope.raw).join(' ');
  const granted: string[] = [];
  for (const raw of asked) {
    const scope = parseScope(raw);
    if (!scope) continue;
    const narrowed = allowedScopes.map((candidate) => within(scope, candidate)).find((result) => result !== null);
    if (narrowed && !granted.includes(narrowed.raw)) granted.push(narrowed.raw);
  }
  return granted.join(' ');
}

/**
 * What a granted scope string permits, read as the strictest servers read it: for each resource type
 * only the first scope that names the type (or `*`) counts. So `system/*.read system/*.write` is
 * read-only there; one scope covering both (`system/*.cruds`, `system/*.*`) is what works everywhere.
 */
export class Permissions {
  private readonly scopes: Scope[];
  constructor(readonly granted: string) {
    this.scopes = granted.split(/\s+/).flatMap((raw) => parseScope(raw) ?? []);
  }

  allows(type: string, interaction: Interaction): boolean {
    const scope = this.scopes.find((candidate) => candidate.type === type || candidate.type === '*');
    return scope?.interactions.has(interaction) ?? false;
  }
}
