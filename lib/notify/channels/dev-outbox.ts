/**
 * The development transport: nothing leaves the machine. The notification row is the outbox entry
 * (shown at /dev/outbox, to loopback only) and a line naming it, never its text (codes, QR links,
 * MRNs), is printed to the console. Never available with APP_ENV=production.
 */
import { maskEmail, maskPhone } from '@/lib/scheduling/mask';
import type { NotificationChannel, OutgoingMessage } from './channel';

export class DevOutboxChannel implements NotificationChannel {
  readonly transport = 'dev-outbox';
  constructor(readonly kind: 'sms' | 'email') {}

  send(message: OutgoingMessage): Promise<{ providerMessageId: string }> {
    const to = this.kind === 'sms' ? maskPhone(message.to) : maskEmail(message.to);
    console.warn(`[dev outbox] ${this.kind} to ${to} recorded; read it at /dev/outbox`);
    return Promise.resolve({ providerMessageId: `outbox-${message.notificationId}` });
  }
}
