/**
 * SMS through the twilio SDK. Twilio has no base-URL setting, so a RequestClient subclass rewrites the
 * API host when TWILIO_API_BASE_URL is set (tests run the real SDK against a loopback stub).
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';

type RequestOptions<TData> = RequestClient.RequestOptions<TData>;
import { ChannelError, type NotificationChannel, type OutgoingMessage } from './channel';

const TWILIO_API_ORIGIN = /^https:\/\/api\.twilio\.com/;

class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  override request<TData>(options: RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    return super.request<TData>({
      ...options,
      uri: options.uri.replace(TWILIO_API_ORIGIN, this.baseUrl.replace(/\/+$/, '')),
    });
  }
}

export interface TwilioSettings {
  accountSid: string;
  authToken?: string | undefined;
  apiKeySid?: string | undefined;
  apiKeySecret?: string | undefined;
  apiBaseUrl?: string | undefined;
}

/** Twilio error codes that mean "this number will never take this message". */
const PERMANENT_CODES = new Set([21211, 21408, 21610, 21612, 21614, 30003, 30005, 30006]);

export class TwilioSmsChannel implements NotificationChannel {
  readonly kind = 'sms' as const;
  readonly transport = 'twilio';
  private readonly client: ReturnType<typeof twilio>;

  constructor(settings: TwilioSettings) {
    const options = {
      accountSid: settings.accountSid,
      ...(settings.apiBaseUrl ? { httpClient: new RedirectingRequestClient(settings.apiBaseUrl) } : {}),
    };
    this.client =
      settings.apiKeySid && settings.apiKeySecret
        ? twilio(settings.apiKeySid, settings.apiKeySecret, options)
        : twilio(settings.accountSid, settings.authToken ?? '', options);
  }

  async send(message: OutgoingMessage): Promise<{ providerMessageId: string }> {
    const sender = message.from.startsWith('MG') ? { messagingServiceSid: message.from } : { from: message.from };
    try {
      const created = await this.client.messages.create({
        to: message.to,
        body: message.text,
        ...sender,
        ...(message.statusCallbackUrl ? { statusCallback: message.statusCallbackUrl } : {}),
      });
      return { providerMessageId: created.sid };
    } catch (error) {
      const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : null;
      const code = typeof error === 'object' && error !== null && 'code' in error ? Number(error.code) : null;
      if (code !== null && PERMANENT_CODES.has(code))
        throw new ChannelError(`Twilio refused the message (code ${code})`, false, code === 21610);
      if (status === 400 || status === 404)
        throw new ChannelError(`Twilio refused the message (HTTP ${status}${code ? `, code ${code}` : ''})`, false);
      throw new ChannelError(`Twilio hand-off failed (${status ?? 'network error'})`, true);
    }
  }
}
