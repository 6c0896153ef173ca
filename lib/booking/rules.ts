/**
 * The clinic's booking rules, as pure decisions: can this patient book this slot now, may this
 * appointment still be changed online. The booking use-cases enforce them on the server; pages may
 * use them to explain ahead of time.
 */
import { ageOn } from '@/lib/time/age';
import { localDate } from '@/lib/time/zoned';
import type { BookingRules } from '@/lib/tenancy/tenant-settings';

export type BookingRuleViolation =
  | { rule: 'minimum_notice'; earliestStart: Date }
  | { rule: 'beyond_horizon'; latestStart: Date }
  | { rule: 'age_restricted'; allowedFor: 'minors' | 'adults' }
  | { rule: 'too_many_upcoming'; limit: number }
  | { rule: 'existing_patients_only' }
  | { rule: 'in_the_past' };

export type ChangeRuleViolation = { rule: 'past_cancellation_cutoff'; cutoff: Date } | { rule: 'in_the_past' };

/**
 * Minor or adult by the clinic's `adultAge`, on the local date in the clinic's time zone. Ages are
 * whole years (`ageOn`, lib/time/age.ts): a 29 February birthday counts on 28 February in common years.
 */
export function isMinor(
  birthDate: string,
  now: Date,
  timeZone: string,
  rules: Pick<BookingRules, 'adultAge'>,
): boolean {
  return ageOn(birthDate, localDate(now, timeZone)) < rules.adultAge;
}

/**
 * The instants a patient may book online now: from the minimum notice to the horizon. One rule for
 * booking (`checkBookable`), the times offered, the times published and the visits followed.
 */
export function bookableRange(
  rules: Pick<BookingRules, 'minimumNoticeMinutes' | 'horizonDays'>,
  now: Date,
): { earliest: Date; latest: Date } {
  return {
    earliest: new Date(now.getTime() + rules.minimumNoticeMinutes * 60_000),
    latest: new Date(now.getTime() + rules.horizonDays * 86_400_000),
  };
}

export interface BookableCheck {
  slotStart: Date;
  now: Date;
  timeZone: string;
  rules: BookingRules;
  /** Service code of the visit type, for age restrictions. */
  serviceCode: string | null;
  /** The patient the visit is for (YYYY-MM-DD); null when the EHR does not say. */
  patientBirthDate: string | null;
  /** Their upcoming, not-cancelled appointments for the same service. */
  upcomingForService: number;
  /** Whether they have been seen at the clinic before (see `isExistingPatient`); needed for `existingPatientsOnly`. */
  existingPatient?: boolean | undefined;
}

/** The first rule a booking would break, or null when it may go ahead. */
export function checkBookable(check: BookableCheck): BookingRuleViolation | null {
  const { rules } = check;
  if (check.slotStart <= check.now) return { rule: 'in_the_past' };
  const { earliest: earliestStart, latest: latestStart } = bookableRange(rules, check.now);
  if (check.slotStart < earliestStart) return { rule: 'minimum_notice', earliestStart };
  if (check.slotStart > latestStart) return { rule: 'beyond_horizon', latestStart };
  const restriction = check.serviceCode ? rules.ageRestrictedServices[check.serviceCode] : undefined;
  if (restriction) {
    // Age on the day of the visit, in the clinic's time zone. Unknown birth dates cannot satisfy a restriction.
    const minor = check.patientBirthDate
      ? ageOn(check.patientBirthDate, localDate(check.slotStart, check.timeZone)) < rules.adultAge
      : null;
    if (minor === null || (restriction === 'minors') !== minor)
      return { rule: 'age_restricted', allowedFor: restriction };
  }
  if (check.serviceCode && rules.existingPatientsOnly.includes(check.serviceCode) && check.existingPatient !== true)
    return { rule: 'existing_patients_only' };
  if (check.upcomingForService >= rules.maxUpcomingPerService)
    return { rule: 'too_many_upcoming', limit: rules.maxUpcomingPerService };
  return null;
}

/** Whether an appointment may still be cancelled or rescheduled online. */
export function checkChangeable(
  appointmentStart: Date,
  now: Date,
  rules: Pick<BookingRules, 'cancellationCutoffHours'>,
): ChangeRuleViolation | null {
  if (appointmentStart <= now) return { rule: 'in_the_past' };
  const cutoff = new Date(appointmentStart.getTime() - rules.cancellationCutoffHours * 3_600_000);
  return now > cutoff ? { rule: 'past_cancellation_cutoff', cutoff } : null;
}
