/**
 * Eligibility through a clearinghouse that speaks ASC X12 270/271 over HTTP: the 270 is the POST body
 * (`application/edi-x12`), the 271 the answer. Real-time ("batch of one") as most clearinghouses offer
 * it; HTTP Basic credentials when configured. Timeouts, refusals and garbage become `unknown`.
 */
import { randomInt } from 'node:crypto';
import { log } from '@/lib/logger';
import { currentRequestContext } from '@/lib/request-context';
import {
  unknownResult,
  type EligibilityProvider,
  type EligibilityQuery,
  type EligibilityResult,
} from '../eligibility-provider';
import { build270, x12Text, type X12Settings } from './build-270';
import { interpret271 } from './interpret-271';

const MAX_RESPONSE_BYTES = 1024 * 1024;

export class X12EligibilityProvider implements EligibilityProvider {
  readonly kind = 'x12' as const;

  constructor(
    private readonly settings: X12Settings,
    private readonly timeoutMs: number,
  ) {}

  async check(query: EligibilityQuery): Promise<EligibilityResult> {
    const { edi } = build270(query, this.settings, { now: new Date(), controlNumber: randomInt(1, 999_999_999) });
    const headers: Record<string, string> = {
      'content-type': 'application/edi-x12',
      accept: 'application/edi-x12, text/plain',
    };
    if (this.settings.username) {
      const credentials = `${this.settings.username}:${this.settings.password ?? ''}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    const requestId = currentRequestContext()?.requestId;
    if (requestId) headers['x-request-id'] = requestId;
    let text: string;
    try {
      const response = await fetch(this.settings.endpoint, {
        method: 'POST',
        headers,
        body: edi,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
      if (!response.ok) {
        log().warn({ status: response.status }, 'clearinghouse refused the eligibility inquiry');
        return unknownResult('unavailable');
      }
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      log().warn({ reason: name || 'network' }, 'clearinghouse did not answer the eligibility inquiry');
      return unknownResult(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unavailable');
    }
    if (text.length > MAX_RESPONSE_BYTES) return unknownResult('malformed');
    return interpret271(text, x12Text(query.traceId, 50).replace(/\s/g, ''));
  }
}
