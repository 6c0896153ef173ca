/**
 * The next few times the same kind of visit could be booked instead, offered when the clinic cancels
 * one (its EHR gave the time away, the clinician is ill): the same clinician's first, anyone's when
 * they have none, within the clinic's notice and the next two weeks, never the cancelled time itself.
 * A failed search offers nothing rather than holding back the notice.
 */
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Appointment, Slot } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';

const LOOK_AHEAD_DAYS = 14;

export async function nextOpenTimes(
  provider: SchedulingProvider,
  tenant: Pick<Tenant, 'bookingRules'>,
  cancelled: Pick<Appointment, 'serviceCode' | 'practitionerId' | 'start' | 'slotIds'>,
  now: Date,
  count = 3,
): Promise<string[]> {
  const { serviceCode } = cancelled;
  if (!serviceCode) return [];
  const rules = tenant.bookingRules;
  const from = new Date(now.getTime() + rules.minimumNoticeMinutes * 60_000).toISOString();
  const to = new Date(now.getTime() + Math.min(LOOK_AHEAD_DAYS, rules.horizonDays) * 86_400_000).toISOString();
  const usable = (slots: Slot[]): Slot[] =>
    slots.filter((slot) => slot.start !== cancelled.start && !cancelled.slotIds.includes(slot.id));
  const search = async (practitionerId?: string): Promise<Slot[]> =>
    usable((await provider.searchFreeSlots({ serviceCode, practitionerId, from, to, pageSize: count + 1 })).items);
  try {
    const own = cancelled.practitionerId ? await search(cancelled.practitionerId) : [];
    const slots = own.length > 0 ? own : await search();
    return slots.slice(0, count).map((slot) => slot.start);
  } catch {
    return [];
  }
}
