/**
 * How long the app keeps what it owns, one rule per table (README: Retention). The EHR keeps the
 * clinical record; the app keeps only what it needs to work, and PHI no longer than it must.
 * The audit log is not pruned here (append-only; its retention is the clinic's records policy).
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const RETENTION = {
  /** Rate-limit counters: deleted once their window has expired. */
  rateLimitCounters: 0,
  /** Idempotency keys of finished requests: a day (a client retries within minutes). */
  finishedIdempotencyKeys: DAY,
  /** An `in-progress` key whose request never finished (a crash): abandoned after 5 minutes. */
  abandonedIdempotencyKeys: 5 * MINUTE,
  /** One-time code challenges: a day after they expire (the welcome step reads a fresh one). */
  oneTimeCodes: DAY,
  /** Desk events (the boards' replay log, today's only): two days. */
  deskEvents: 2 * DAY,
  /** Message bodies (subject, text, HTML, calendar) of messages no longer being sent: 30 days. */
  notificationBodies: 30 * DAY,
} as const;

/** Statuses of a message still on its way; its body is needed to send it. */
export const UNSENT_NOTIFICATION_STATUSES = ['queued', 'sending'] as const;
