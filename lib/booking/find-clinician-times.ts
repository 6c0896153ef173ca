/**
 * The phone-first search: the free times of the coming two weeks for a visit type, narrowed by
 * location, clinician, language spoken and clinician gender; a count per day (the day strip), the first
 * available time across all clinicians, and the times grouped by day and clinician, a few days a page.
 */
import { z } from 'zod';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Practitioner, Slot } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { formatLocalDate, formatLocalTime } from '@/lib/time/format';
import { addDays, dateTimeFormat, localDate } from '@/lib/time/zoned';
import { bookableWindow, clinicCatalogue, SEARCH_DAYS } from './find-slots';
import { speaksLanguage } from './languages';

const languageTag = z
  .string()
  .trim()
  .max(16)
  .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'Choose a language from the list.');

export const clinicianTimesQuerySchema = z.object({
  service: z.string().trim().min(1, 'Choose a visit type.').max(64),
  location: z.string().trim().max(64).optional(),
  practitioner: z.string().trim().max(64).optional(),
  language: languageTag.optional(),
  gender: z.enum(['female', 'male']).optional(),
  /** First local day of the search (YYYY-MM-DD), the day strip's first day; today when absent. */
  from: z.iso.date().optional(),
  /** First local day of this page of grouped times (on or after `from`). */
  day: z.iso.date().optional(),
});
export type ClinicianTimesQuery = z.infer<typeof clinicianTimesQuerySchema>;

/** A clinician as a result card shows them. */
export interface ClinicianCard {
  id: string;
  displayName: string;
  initials: string;
  photoUrl: string | null;
  qualifications: string[];
  languages: string[];
  specialties: string[];
}

export interface TimeView {
  id: string;
  version: string;
  start: string;
  timeLabel: string;
}

export interface ClinicianDayView {
  clinician: ClinicianCard | null;
  location: string | null;
  times: TimeView[];
}

export interface DayGroupView {
  day: string;
  dayLabel: string;
  clinicians: ClinicianDayView[];
}

export interface DayCountView {
  day: string;
  /** "Tue" */
  weekday: string;
  /** "3" */
  dayOfMonth: string;
  /** "Tuesday, December 3" */
  dayLabel: string;
  count: number;
}

export interface FirstAvailableView extends TimeView {
  dayLabel: string;
  clinician: ClinicianCard | null;
  location: string | null;
}

export interface ClinicianTimesPage {
  strip: DayCountView[];
  total: number;
  clinicianCount: number;
  firstAvailable: FirstAvailableView | null;
  days: DayGroupView[];
  /** The next page's first day (more days with times in these two weeks), or null. */
  nextDay: string | null;
}

/** Days of grouped times per page. */
const DAYS_PER_PAGE = 3;
/** At most this many free times are read for one search (pages of 100). */
const MAX_TIMES = 2000;

function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter((word) => /^\p{L}/u.test(word) && !/\.$/.test(word) && word !== 'NP');
  const letters = [words[0], words.length > 1 ? words[words.length - 1] : undefined]
    .map((word) => (word ? [...word][0]?.toUpperCase() : ''))
    .join('');
  return letters || '?';
}

function cardOf(practitioner: Practitioner): ClinicianCard {
  return {
    id: practitioner.id,
    displayName: practitioner.displayName,
    initials: initialsOf(practitioner.displayName),
    photoUrl: practitioner.photoUrl,
    qualifications: practitioner.qualifications,
    languages: practitioner.languages,
    specialties: practitioner.specialties.map((specialty) => specialty.display),
  };
}

/** Whether a clinician passes the language and gender filters. */
export function matchesClinician(
  practitioner: Practitioner | undefined,
  filter: Pick<ClinicianTimesQuery, 'language' | 'gender'>,
): boolean {
  if (!filter.language && !filter.gender) return true;
  if (!practitioner) return false;
  if (filter.gender && practitioner.gender !== filter.gender) return false;
  return !filter.language || speaksLanguage(practitioner.languages, filter.language);
}

async function allFreeSlots(
  provider: SchedulingProvider,
  query: ClinicianTimesQuery,
  from: Date,
  to: Date,
): Promise<Slot[]> {
  const slots: Slot[] = [];
  let cursor: string | undefined;
  do {
    const page = await provider.searchFreeSlots({
      serviceCode: query.service,
      practitionerId: query.practitioner || undefined,
      locationId: query.location || undefined,
      from: from.toISOString(),
      to: to.toISOString(),
      pageSize: 100,
      cursor,
    });
    slots.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor && slots.length < MAX_TIMES);
  return slots;
}

/**
 * One page of the search. Reads the whole two weeks (a few EHR calls of 100 times each) for the
 * counts, then groups `DAYS_PER_PAGE` days with times from `day` on.
 */
export async function findClinicianTimes(
  provider: SchedulingProvider,
  tenant: Tenant,
  query: ClinicianTimesQuery,
  locale: string,
  now = new Date(),
): Promise<ClinicianTimesPage> {
  const { firstDay, from, to } = bookableWindow(tenant, query.from, now);
  const [catalogue, slots] = await Promise.all([
    clinicCatalogue(provider),
    from < to ? allFreeSlots(provider, query, from, to) : Promise.resolve([]),
  ]);
  const zone = tenant.timeZone;
  const matching = slots
    .filter((slot) =>
      matchesClinician(slot.practitionerId ? catalogue.practitioners.get(slot.practitionerId) : undefined, query),
    )
    .sort((a, b) => a.start.localeCompare(b.start));
  const byDay = new Map<string, Slot[]>();
  for (const slot of matching) {
    const day = localDate(new Date(slot.start), zone);
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  const weekday = dateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' });
  const dayOfMonth = dateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric' });
  const strip: DayCountView[] = Array.from({ length: SEARCH_DAYS }, (_, index) => {
    const day = addDays(firstDay, index);
    const noonUtc = new Date(`${day}T12:00:00Z`);
    return {
      day,
      weekday: weekday.format(noonUtc),
      dayOfMonth: dayOfMonth.format(noonUtc),
      dayLabel: formatLocalDate(noonUtc, 'UTC', locale),
      count: byDay.get(day)?.length ?? 0,
    };
  });
  const card = (slot: Slot): ClinicianCard | null => {
    const practitioner = slot.practitionerId ? catalogue.practitioners.get(slot.practitionerId) : undefined;
    return practitioner ? cardOf(practitioner) : null;
  };
  const locationName = (slot: Slot): string | null =>
    slot.locationId ? (catalogue.locations.get(slot.locationId)?.name ?? null) : null;
  const time = (slot: Slot): TimeView => ({
    id: slot.id,
    version: slot.version,
    start: slot.start,
    timeLabel: formatLocalTime(slot.start, zone, locale),
  });

  const pageStart = query.day && query.day > firstDay ? query.day : firstDay;
  const daysWithTimes = [...byDay.keys()].filter((day) => day >= pageStart);
  const days: DayGroupView[] = daysWithTimes.slice(0, DAYS_PER_PAGE).map((day) => {
    const cards = new Map<string, ClinicianDayView>();
    for (const slot of byDay.get(day) ?? []) {
      const key = `${slot.practitionerId ?? ''}|${slot.locationId ?? ''}`;
      const entry = cards.get(key) ?? { clinician: card(slot), location: locationName(slot), times: [] };
      entry.times.push(time(slot));
      cards.set(key, entry);
    }
    const first = byDay.get(day)?.[0];
    return { day, dayLabel: first ? formatLocalDate(first.start, zone, locale) : day, clinicians: [...cards.values()] };
  });
  const earliest = matching[0];
  return {
    strip,
    total: matching.length,
    clinicianCount: new Set(matching.map((slot) => slot.practitionerId)).size,
    firstAvailable: earliest
      ? {
          ...time(earliest),
          dayLabel: formatLocalDate(earliest.start, zone, locale),
          clinician: card(earliest),
          location: locationName(earliest),
        }
      : null,
    days,
    nextDay: daysWithTimes[DAYS_PER_PAGE] ?? null,
  };
}
