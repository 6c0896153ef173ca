/** The FHIR change feed's cursor (one instant per followed type) and its catch-up windows. */
import { z } from 'zod';
import { AppError } from '@/lib/errors';

export const FEED_TYPES = ['Appointment', 'Slot', 'Schedule'] as const;
export type FeedType = (typeof FEED_TYPES)[number];
export type FeedCursor = Record<FeedType, string>;

const instant = z.iso.datetime({ offset: true });
const cursorSchema = z.object({
  v: z.literal(1),
  at: z.object({ Appointment: instant, Slot: instant, Schedule: instant }),
  from: instant.optional(),
});

/**
 * Where the feed stands: per type, the instant read up to; and `from`, when the clinic's first sync
 * took the EHR as it was (nothing that changed before it is a change, however far the overlap reaches).
 */
export interface FeedPosition {
  at: FeedCursor;
  from: string | null;
}

export function encodeFeedCursor(position: FeedPosition): string {
  const body = { v: 1, at: position.at, ...(position.from ? { from: position.from } : {}) };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function decodeFeedCursor(cursor: string): FeedPosition {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: parsed.at, from: parsed.from ?? null };
  } catch (error) {
    throw new AppError('invalid_input', 'sync.cursorInvalid', { cause: error });
  }
}

/**
 * [since, now) cut into up to `maxPieces` windows of at least `pieceMs` each, oldest first; the last one
 * is open-ended (the EHR's clock may be ahead of the app's).
 */
export function feedWindows(
  since: Date,
  now: Date,
  pieceMs: number,
  maxPieces: number,
): { from: string; to: string | null }[] {
  const span = now.getTime() - since.getTime();
  const pieces = Math.max(1, Math.min(maxPieces, Math.floor(span / pieceMs)));
  const step = span / pieces;
  return Array.from({ length: pieces }, (_, index) => ({
    from: new Date(since.getTime() + Math.round(index * step)).toISOString(),
    to: index === pieces - 1 ? null : new Date(since.getTime() + Math.round((index + 1) * step)).toISOString(),
  }));
}
