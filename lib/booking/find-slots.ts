/**
 * The slot finder for patients: one provider call per page, slots labelled in the clinic's local
 * time and grouped by local day, with the practitioner's and location's names.
 */
import { z } from 'zod';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Page, Slot } from '@/lib/scheduling/types';
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
  const today = localDate(now, tenant.timeZone);
  const firstDay = query.from && query.from > today ? query.from : today;
  const earliest = new Date(now.getTime() + tenant.bookingRules.minimumNoticeMinutes * 60_000);
  const horizon = new Date(now.getTime() + tenant.bookingRules.horizonDays * 86_400_000);
  const dayStart = firstDay === today ? now : zonedTimeToInstant(firstDay, 0, 0, tenant.timeZone);
  const from = dayStart < earliest ? earliest : dayStart;
  const twoWeeks = zonedTimeToInstant(addDays(firstDay, 14), 0, 0, tenant.timeZone);
  const to = twoWeeks > horizon ? horizon : twoWeeks;
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
const catalogues = new WeakMap<
  SchedulingProvider,
  { at: number; names: Promise<{ practitioners: Map<string, string>; locations: Map<string, string> }> }
>();

/**
 * Practitioner and location names change rarely; they are read once per clinic every few minutes, so
 * a page of slots costs one call to the EHR.
 */
function catalogueNames(
  provider: SchedulingProvider,
): Promise<{ practitioners: Map<string, string>; locations: Map<string, string> }> {
  const cached = catalogues.get(provider);
  if (cached && Date.now() - cached.at < CATALOGUE_TTL_MS) return cached.names;
  const names = Promise.all([provider.listPractitioners(), provider.listLocations()]).then(
    ([practitioners, locations]) => ({
      practitioners: new Map(practitioners.map((practitioner) => [practitioner.id, practitioner.displayName])),
      locations: new Map(locations.map((location) => [location.id, location.name])),
    }),
  );
  names.catch(() => catalogues.delete(provider));
  catalogues.set(provider, { at: Date.now(), names });
  return names;
}

/** Slots labelled for people: local day and time, practitioner and location names. */
export async function describeSlots(
  provider: SchedulingProvider,
  tenant: Tenant,
  slots: Slot[],
  locale: string,
): Promise<SlotView[]> {
  const { practitioners: practitionerNames, locations: locationNames } = await catalogueNames(provider);
  const view = (slot: Slot): SlotView => ({
    id: slot.id,
    version: slot.version,
    start: slot.start,
    day: localDate(new Date(slot.start), tenant.timeZone),
    dayLabel: formatLocalDate(slot.start, tenant.timeZone, locale),
    timeLabel: formatLocalTime(slot.start, tenant.timeZone, locale),
    practitioner: slot.practitionerId ? (practitionerNames.get(slot.practitionerId) ?? null) : null,
    location: slot.locationId ? (locationNames.get(slot.locationId) ?? null) : null,
  });
  return slots.map(view);
}
