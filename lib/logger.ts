/**
 * Structured JSON logs (pino). `log()` returns a logger bound to the current request id when called
 * within a request. Never log PHI: no names, birth dates, MRNs, phone numbers or emails.
 */
import pino, { type Logger } from 'pino';
import { currentRequestContext } from './request-context';

const baseLogger: Logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'fhir-scheduling' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: [
      '*.password',
      '*.token',
      '*.authorization',
      '*.code',
      '*.clientSecret',
      '*.privateKeyPem',
      '*.*.clientSecret',
      '*.*.privateKeyPem',
      '*.*.token',
      '*.*.password',
    ],
    censor: '[redacted]',
  },
});

export function log(): Logger {
  const context = currentRequestContext();
  if (!context) return baseLogger;
  return baseLogger.child({
    requestId: context.requestId,
    ...(context.tenantSlug ? { tenant: context.tenantSlug } : {}),
  });
}
