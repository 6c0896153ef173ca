/**
 * The development transport: nothing leaves the machine. The notification row is the outbox entry
 * (shown at /dev/outbox) and a line is printed to the console. Never available with APP_ENV=production.
 */
import { maskEmail, maskPhone } from '@/lib/scheduling/mask';
import type { NotificationChannel, OutgoingMessage } from './channel';

export class DevOutboxChannel implements NotificationChannel {
  readonly transport = 'dev-outbox';
  constructor(readonly kind: 'sms' | 'email') {}

  send(message: OutgoingMessage): Promise<{ providerMessageId: string }> {
    const to = this.kind === 'sms' ? maskPhone(message.to) : maskEmail(message.to);
    const subject = this.kind === 'email' ? `${message.subject ?? ''} | ` : '';
    console.warn(`[dev outbox] ${this.kind} to ${to}: ${subject}${message.text.replace(/\s+/g, ' ')}`);
    return Promise.resolve({ providerMessageId: `outbox-${message.notificationId}` });
  }
}
