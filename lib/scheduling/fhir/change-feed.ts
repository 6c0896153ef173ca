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
});

export function encodeFeedCursor(at: FeedCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, at }), 'utf8').toString('base64url');
}

export function decodeFeedCursor(cursor: string): FeedCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).at;
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
