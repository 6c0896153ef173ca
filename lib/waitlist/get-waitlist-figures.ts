/**
 * The administrator's waitlist figures for one clinic over a period: patients waiting now, offers sent
 * and accepted, how many days sooner accepting patients were seen (median), freed slots offered and
 * filled. Read from the app's own waitlist rows (no EHR read, no PHI).
 */
import type { Database } from '@/lib/db/client';

export interface WaitlistFigures {
  waiting: number;
  offersSent: number;
  offersAccepted: number;
  /** Null when no offer was accepted in the period. */
  daysSoonerMedian: number | null;
  slotsOffered: number;
  slotsFilled: number;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function getWaitlistFigures(
  database: Database,
  input: { tenantId: string; since: Date },
): Promise<WaitlistFigures> {
  const { tenantId, since } = input;
  const [waiting, offersSent, accepted, slotsOffered, slotsFilled] = await Promise.all([
    database.waitlistEntry.count({ where: { tenantId, status: 'active' } }),
    database.waitlistOffer.count({ where: { tenantId, createdAt: { gte: since } } }),
    database.waitlistOffer.findMany({
      where: { tenantId, status: 'accepted', createdAt: { gte: since } },
      select: { daysSooner: true },
    }),
    database.waitlistRound.count({ where: { tenantId, firstOfferAt: { gte: since } } }),
    database.waitlistRound.count({ where: { tenantId, status: 'filled', firstOfferAt: { gte: since } } }),
  ]);
  return {
    waiting,
    offersSent,
    offersAccepted: accepted.length,
    daysSoonerMedian: median(accepted.map((offer) => offer.daysSooner ?? 0)),
    slotsOffered,
    slotsFilled,
  };
}
