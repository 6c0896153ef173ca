/** Email through nodemailer over SMTP: plain text + HTML, with an .ics attachment for appointments. */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { ChannelError, type NotificationChannel, type OutgoingMessage } from './channel';

export class SmtpEmailChannel implements NotificationChannel {
  readonly kind = 'email' as const;
  readonly transport = 'smtp';
  private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(smtpUrl: string, options: { ignoreTls?: boolean } = {}) {
    const url = new URL(smtpUrl);
    const secure = url.protocol === 'smtps:';
    const transport: SMTPTransport.Options = {
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      ...(options.ignoreTls ? { ignoreTLS: true } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    };
    this.transporter = nodemailer.createTransport(transport);
  }

  async send(message: OutgoingMessage): Promise<{ providerMessageId: string }> {
    try {
      const info = await this.transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        messageId: `<${message.notificationId}@fhir-scheduling>`,
        ...(message.calendar
          ? {
              attachments: [
                {
                  filename: 'appointment.ics',
                  content: message.calendar,
                  // The MIME method follows the file's METHOD (PUBLISH, or CANCEL for a cancellation).
                  contentType: `text/calendar; charset=utf-8; method=${calendarMethod(message.calendar)}`,
                },
              ],
            }
          : {}),
      });
      return { providerMessageId: info.messageId };
    } catch (error) {
      const code =
        typeof error === 'object' && error !== null && 'responseCode' in error ? Number(error.responseCode) : null;
      // 5xx: the server refused for good (bounce); 4xx and connection failures may pass later.
      if (code !== null && code >= 500) throw new ChannelError(`The mail server refused the message (${code})`, false);
      throw new ChannelError(`Email hand-off failed (${code ?? 'connection error'})`, true);
    }
  }
}

/** The METHOD of an iCalendar file (PUBLISH when it names none). */
function calendarMethod(calendar: string): string {
  return /^METHOD:([A-Z]+)\r?$/m.exec(calendar)?.[1] ?? 'PUBLISH';
}
