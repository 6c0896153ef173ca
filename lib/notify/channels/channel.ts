/**
 * A way to reach a patient. The worker hands each recorded notification to the channel for its kind;
 * tests configure the real channels against local servers, never a fake channel.
 */
export interface OutgoingMessage {
  notificationId: string;
  to: string;
  /** SMS: E.164 number or messaging service SID. Email: From header. */
  from: string;
  text: string;
  subject?: string | undefined;
  html?: string | undefined;
  calendar?: string | undefined;
  /** Where the carrier reports delivery (SMS). */
  statusCallbackUrl?: string | undefined;
}

export interface NotificationChannel {
  readonly kind: 'sms' | 'email';
  /** A name for records and logs: twilio, smtp, dev-outbox. */
  readonly transport: string;
  send(message: OutgoingMessage): Promise<{ providerMessageId: string }>;
}

/**
 * A failed hand-off. `transient`: worth retrying (rate limits, 5xx, timeouts, SMTP 4xx); otherwise the
 * message cannot be delivered as addressed (invalid number, refused mailbox, opted-out recipient).
 */
export class ChannelError extends Error {
  override name = 'ChannelError';
  constructor(
    message: string,
    readonly transient: boolean,
    readonly optedOut = false,
  ) {
    super(message);
  }
}
