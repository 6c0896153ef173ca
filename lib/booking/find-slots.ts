/**
 * The slot finder for patients: one provider call per page, slots labelled in the clinic's local
 * time and grouped by local day, with the practitioner's and location's names.
 */
import { z } from 'zod';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import { bookableRange } from './rules';
import type { Location, Page, Practitioner, Slot } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { localDate } from '@/lib/time/zoned';
import { formatLocalDate, formatLocalTime } from '@/lib/time/format';
import { zonedTimeToInstant, addDays } from '@/lib/time/zoned';

export const slotQuerySchema = z.object({
  service: z.string().trim().min(1, 'Choose a visit type.').max(64),
  location: z.string().trim().max(64).optional(),
  practitioner: z.string().trim().max(64).optional(),
  /** First local day to look at (YYYY-MM-DD); today when absent. */
  from: z.iso.date().optional(),
  cursor: z.string().max(4000).optional(),
});
export type SlotQueryInput = z.infer<typeof slotQuerySchema>;

export interface SlotView {
  id: string;
  version: string;
  start: string;
  day: string;
  dayLabel: string;
  timeLabel: string;
  practitioner: string | null;
  location: string | null;
}

/** Days a search looks at, from its first day. */
export const SEARCH_DAYS = 14;

/**
 * The instants a search may offer, from the chosen local day (today when absent or past) for
 * `SEARCH_DAYS` days, cut to what the clinic's booking rules allow now (minimum notice, horizon).
 * Empty (`from >= to`) when nothing in it can be booked.
 */
export function bookableWindow(
  tenant: Tenant,
  day: string | undefined,
  now: Date,
): { firstDay: string; from: Date; to: Date; horizon: Date } {
  const today = localDate(now, tenant.timeZone);
  const firstDay = day && day > today ? day : today;
  const { earliest, latest: horizon } = bookableRange(tenant.bookingRules, now);
  const dayStart = firstDay === today ? now : zonedTimeToInstant(firstDay, 0, 0, tenant.timeZone);
  const from = dayStart < earliest ? earliest : dayStart;
  const end = zonedTimeToInstant(addDays(firstDay, SEARCH_DAYS), 0, 0, tenant.timeZone);
  return { firstDay, from, to: end > horizon ? horizon : end, horizon };
}

/**
 * Two weeks from the chosen day (or today), in the clinic's time zone, and only times the clinic's
 * booking rules let a patient book now: nothing inside the minimum notice, nothing past the horizon
 * (so every time offered can be confirmed; `checkBookable` still decides at booking).
 */
export async function findSlots(
  provider: SchedulingProvider,
  tenant: Tenant,
  query: SlotQueryInput,
  locale: string,
  now = new Date(),
): Promise<Page<SlotView> & { nextAvailable: SlotView | null }> {
  const { from, to, horizon } = bookableWindow(tenant, query.from, now);
  if (from >= to) return { items: [], next: null, nextAvailable: null };
  const filter = {
    serviceCode: query.service,
    practitionerId: query.practitioner || undefined,
    locationId: query.location || undefined,
  };
  const page = await provider.searchFreeSlots({
    ...filter,
    from: from.toISOString(),
    to: to.toISOString(),
    pageSize: 30,
    cursor: query.cursor,
  });
  let nextAvailable: SlotView | null = null;
  if (page.items.length === 0 && !query.cursor) {
    // Nothing in these two weeks: find the first free time up to the booking horizon.
    if (to < horizon) {
      const later = await provider.searchFreeSlots({
        ...filter,
        from: to.toISOString(),
        to: horizon.toISOString(),
        pageSize: 1,
      });
      const first = later.items[0];
      if (first) nextAvailable = (await describeSlots(provider, tenant, [first], locale))[0] ?? null;
    }
  }
  return { items: await describeSlots(provider, tenant, page.items, locale), next: page.next, nextAvailable };
}

const CATALOGUE_TTL_MS = 5 * 60_000;

/** The clinic's clinicians (full profiles) and locations, by id. */
export interface ClinicCatalogue {
  practitioners: Map<string, Practitioner>;
  locations: Map<string, Location>;
}

const catalogues = new WeakMap<SchedulingProvider, { at: number; catalogue: Promise<ClinicCatalogue> }>();

/**
 * Clinicians and locations change rarely; they are read once per clinic every few minutes, so a page
 * of slots costs one call to the EHR.
 */
export function clinicCatalogue(provider: SchedulingProvider): Promise<ClinicCatalogue> {
  const cached = catalogues.get(provider);
  if (cached && Date.now() - cached.at < CATALOGUE_TTL_MS) return cached.catalogue;
  const catalogue = Promise.all([provider.listPractitioners(), provider.listLocations()]).then(
    ([practitioners, locations]) => ({
      practitioners: new Map(practitioners.map((practitioner) => [practitioner.id, practitioner])),
      locations: new Map(locations.map((location) => [location.id, location])),
    }),
  );
  catalogue.catch(() => catalogues.delete(provider));
  catalogues.set(provider, { at: Date.now(), catalogue });
  return catalogue;
}

/** Slots labelled for people: local day and time, practitioner and location names. */
export async function describeSlots(
  provider: SchedulingProvider,
  tenant: Tenant,
  slots: Slot[],
  locale: string,
): Promise<SlotView[]> {
  const { practitioners, locations } = await clinicCatalogue(provider);
  const view = (slot: Slot): SlotView => ({
    id: slot.id,
    version: slot.version,
    start: slot.start,
    day: localDate(new Date(slot.start), tenant.timeZone),
    dayLabel: formatLocalDate(slot.start, tenant.timeZone, locale),
    timeLabel: formatLocalTime(slot.start, tenant.timeZone, locale),
    practitioner: slot.practitionerId ? (practitioners.get(slot.practitionerId)?.displayName ?? null) : null,
    location: slot.locationId ? (locations.get(slot.locationId)?.name ?? null) : null,
  });
  return slots.map(view);
}
