/**
 * SMART Scheduling Links (HL7 STU1): a clinic's open times for public slot finders and aggregators.
 * A `$bulk-publish` manifest names four NDJSON files (Location, PractitionerRole, Schedule, Slot);
 * every free Slot carries a booking deep link into this app's review page for that slot, the clinic's
 * phone and its capacity. Generated from the scheduling provider on demand (no copy of the EHR kept),
 * within the clinic's booking rules (minimum notice, horizon, online booking allowed), only for the
 * visit types the clinic chose. No patient data: slots, places and clinicians' names are public.
 */
import { createHash } from 'node:crypto';
import { bookableRange } from '@/lib/booking/rules';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Location, Practitioner, Service, Slot } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';

/** The extensions' URLs: the IG's canonical one, and the one its specification page and existing clients use. */
const EXTENSION_URLS = {
  bookingDeepLink: [
    'http://hl7.org/fhir/uv/smart-scheduling-links/StructureDefinition/booking-deep-link',
    'http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link',
  ],
  bookingPhone: [
    'http://hl7.org/fhir/uv/smart-scheduling-links/StructureDefinition/booking-phone',
    'http://fhir-registry.smarthealthit.org/StructureDefinition/booking-phone',
  ],
  slotCapacity: ['http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity'],
} as const;

export const PUBLISHED_TYPES = ['Location', 'PractitionerRole', 'Schedule', 'Slot'] as const;
export type PublishedType = (typeof PUBLISHED_TYPES)[number];

/** Each type's file name under `/{clinic}/scheduling-links/`. */
export const PUBLISHED_FILES: Record<PublishedType, string> = {
  Location: 'locations.ndjson',
  PractitionerRole: 'practitioner-roles.ndjson',
  Schedule: 'schedules.ndjson',
  Slot: 'slots.ndjson',
};

export interface Publication {
  /** When the data set was read from the EHR (the manifest's `transactionTime`). */
  generatedAt: string;
  /** A strong validator of the whole data set (the manifest's and every file's ETag). */
  etag: string;
  files: Record<PublishedType, string>;
  /** The states or jurisdictions of the clinic's locations (the outputs' `extension.state`). */
  states: string[];
  slotCount: number;
}

type Json = Record<string, unknown>;

/** Free slots searched in windows of a week, this many at a time, a page of 100 each. */
const WINDOW_DAYS = 7;
const WINDOWS_AT_ONCE = 4;

async function freeSlotsIn(
  provider: SchedulingProvider,
  serviceCode: string,
  window: { from: string; to: string },
): Promise<Slot[]> {
  const slots: Slot[] = [];
  let cursor: string | undefined;
  do {
    const page = await provider.searchFreeSlots({ serviceCode, ...window, pageSize: 100, cursor });
    slots.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return slots;
}

/** Runs `tasks` with at most `limit` at once, results in order. */
async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        const task = tasks[index];
        if (task) results[index] = await task();
      }
    }),
  );
  return results;
}

/** The instants a patient could book online now: from the minimum notice to the published days (or horizon). */
export function publishedWindow(tenant: Tenant, now: Date): { from: Date; to: Date } {
  const days = Math.min(tenant.publicationSettings.days, tenant.bookingRules.horizonDays);
  const { earliest, latest } = bookableRange({ ...tenant.bookingRules, horizonDays: days }, now);
  return { from: earliest, to: latest };
}

function ndjson(resources: Json[]): string {
  return resources.map((resource) => `${JSON.stringify(resource)}\n`).join('');
}

function locationResource(location: Location): Json {
  const address = location.address;
  return {
    resourceType: 'Location',
    id: location.id,
    name: location.name,
    ...(location.phone ? { telecom: [{ system: 'phone', value: location.phone }] } : {}),
    ...(address
      ? {
          address: {
            ...(address.lines.length ? { line: address.lines } : {}),
            ...(address.city ? { city: address.city } : {}),
            ...(address.state ? { state: address.state } : {}),
            ...(address.postalCode ? { postalCode: address.postalCode } : {}),
          },
        }
      : {}),
    ...(location.position
      ? { position: { latitude: location.position.latitude, longitude: location.position.longitude } }
      : {}),
  };
}

function extensions(urls: readonly string[], value: Json): Json[] {
  return urls.map((url) => ({ url, ...value }));
}

/** Reads the clinic's open times and builds the publication. */
export async function buildPublication(
  provider: SchedulingProvider,
  tenant: Tenant,
  appBaseUrl: string,
  now: Date = new Date(),
): Promise<Publication> {
  const settings = tenant.publicationSettings;
  const bookingOpen = !tenant.ehrCheck || tenant.ehrCheck.bookingAllowed;
  const { from, to } = publishedWindow(tenant, now);
  const windows: { from: string; to: string }[] = [];
  for (let start = from.getTime(); start < to.getTime(); start += WINDOW_DAYS * 86_400_000)
    windows.push({
      from: new Date(start).toISOString(),
      to: new Date(Math.min(to.getTime(), start + WINDOW_DAYS * 86_400_000)).toISOString(),
    });
  const services = bookingOpen ? settings.services : [];
  const [locations, practitioners, catalogue, found] = await Promise.all([
    provider.listLocations(),
    provider.listPractitioners(),
    provider.listServices(),
    inBatches(
      services.flatMap((code) => windows.map((window) => () => freeSlotsIn(provider, code, window))),
      WINDOWS_AT_ONCE,
    ),
  ]);
  const slots = [...new Map(found.flat().map((slot) => [slot.id, slot])).values()]
    .filter(
      (slot) => slot.status === 'free' && slot.start >= from.toISOString() && (slot.locationId ?? slot.practitionerId),
    )
    .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  const serviceByCode = new Map<string, Service>(catalogue.map((service) => [service.code, service]));
  const practitionerById = new Map<string, Practitioner>(practitioners.map((person) => [person.id, person]));
  const locationById = new Map<string, Location>(locations.map((location) => [location.id, location]));

  // Schedules as the slots show them: who and where, and the published visit types offered.
  const schedules = new Map<
    string,
    { locationId: string | null; practitionerId: string | null; services: Set<string> }
  >();
  for (const slot of slots) {
    const schedule = schedules.get(slot.scheduleId) ?? {
      locationId: slot.locationId,
      practitionerId: slot.practitionerId,
      services: new Set<string>(),
    };
    if (slot.serviceCode) schedule.services.add(slot.serviceCode);
    schedules.set(slot.scheduleId, schedule);
  }
  const roleLocations = new Map<string, Set<string>>();
  for (const schedule of schedules.values())
    if (schedule.practitionerId) {
      const places = roleLocations.get(schedule.practitionerId) ?? new Set<string>();
      if (schedule.locationId) places.add(schedule.locationId);
      roleLocations.set(schedule.practitionerId, places);
    }
  const system = tenant.providerSettings.kind === 'fhir' ? tenant.providerSettings.serviceTypeSystem : undefined;
  const serviceType = (code: string): Json => {
    const display = serviceByCode.get(code)?.display ?? code;
    return { coding: [{ ...(system ? { system } : {}), code, display }], text: display };
  };

  const publishedLocations = locations.filter(
    (location) =>
      [...schedules.values()].some((schedule) => schedule.locationId === location.id) ||
      [...roleLocations.values()].some((places) => places.has(location.id)),
  );
  const files: Record<PublishedType, string> = {
    Location: ndjson(publishedLocations.map(locationResource)),
    PractitionerRole: ndjson(
      [...roleLocations.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([practitionerId, places]) => ({
          resourceType: 'PractitionerRole',
          id: practitionerId,
          active: true,
          practitioner: { display: practitionerById.get(practitionerId)?.displayName ?? 'Clinician' },
          ...(places.size ? { location: [...places].sort().map((id) => ({ reference: `Location/${id}` })) } : {}),
        })),
    ),
    Schedule: ndjson(
      [...schedules.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, schedule]) => ({
          resourceType: 'Schedule',
          id,
          active: true,
          ...(schedule.services.size ? { serviceType: [...schedule.services].sort().map(serviceType) } : {}),
          actor: [
            ...(schedule.locationId
              ? [
                  {
                    reference: `Location/${schedule.locationId}`,
                    display: locationById.get(schedule.locationId)?.name ?? tenant.displayName,
                  },
                ]
              : []),
            ...(schedule.practitionerId
              ? [
                  {
                    reference: `PractitionerRole/${schedule.practitionerId}`,
                    display: practitionerById.get(schedule.practitionerId)?.displayName ?? 'Clinician',
                  },
                ]
              : []),
          ],
        })),
    ),
    Slot: ndjson(
      slots.map((slot) => ({
        resourceType: 'Slot',
        id: slot.id,
        schedule: { reference: `Schedule/${slot.scheduleId}` },
        status: 'free',
        start: slot.start,
        end: slot.end,
        extension: [
          ...extensions(EXTENSION_URLS.bookingDeepLink, { valueUrl: bookingDeepLink(tenant, appBaseUrl, slot) }),
          ...(tenant.contactPhone ? extensions(EXTENSION_URLS.bookingPhone, { valueString: tenant.contactPhone }) : []),
          ...extensions(EXTENSION_URLS.slotCapacity, { valueInteger: 1 }),
        ],
      })),
    ),
  };
  const etag = createHash('sha256');
  for (const type of PUBLISHED_TYPES) etag.update(type).update('\0').update(files[type]).update('\0');
  return {
    generatedAt: now.toISOString(),
    etag: `"${etag.digest('base64url').slice(0, 32)}"`,
    files,
    states: [...new Set(publishedLocations.flatMap((location) => location.address?.state ?? []))].sort(),
    slotCount: slots.length,
  };
}

/** Where a slot finder sends a patient: the app's review page for that slot (signing in first if need be). */
export function bookingDeepLink(
  tenant: Pick<Tenant, 'slug'>,
  appBaseUrl: string,
  slot: Pick<Slot, 'id' | 'version'>,
): string {
  const query = new URLSearchParams({ slot: slot.id, v: slot.version });
  return `${appBaseUrl}/${tenant.slug}/book/review?${query.toString()}`;
}

/** The manifest (`$bulk-publish`): `transactionTime`, `request`, one `output` per file, `error`. */
export function publicationManifest(
  publication: Publication,
  urls: { request: string; filesBase: string },
  options: { unchangedSince?: boolean } = {},
): Json {
  const state = publication.states.length ? { extension: { state: publication.states } } : {};
  return {
    transactionTime: publication.generatedAt,
    request: urls.request,
    // Asked for changes `_since` a time after which nothing changed: nothing to fetch.
    output: options.unchangedSince
      ? []
      : PUBLISHED_TYPES.map((type) => ({
          type,
          url: `${urls.filesBase}/${PUBLISHED_FILES[type]}`,
          ...(type === 'Slot' || type === 'Location' ? state : {}),
        })),
    error: [],
  };
}
