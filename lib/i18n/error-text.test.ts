import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { isErrorReason, renderErrorText, type ErrorReason } from './error-text';
import { LOCALES } from './locales';
import { MESSAGES } from './messages';
import { en } from './messages/en';

function reasons(node: object, prefix = ''): ErrorReason[] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}` as ErrorReason] : reasons(value as object, `${prefix}${key}.`),
  );
}

describe('error reasons', () => {
  it('render with their values in every language, times and distances in the reader’s own form', () => {
    const tooFar = {
      reason: 'checkIn.tooFar',
      params: { distance: { meters: 2400 }, location: 'Lakeside' },
    } as const;
    expect(renderErrorText(tooFar, 'en')).toBe(
      'You seem to be 2.4 km from Lakeside. Check in when you get there, or scan the check-in poster in the lobby.',
    );
    expect(renderErrorText(tooFar, 'es')).toContain('Parece que está a 2,4 km de Lakeside.');
    expect(renderErrorText(tooFar, 'zh')).toContain('您似乎距离Lakeside 2.4公里');
    const early = {
      reason: 'checkIn.tooEarly',
      params: { time: { time: '2031-06-04T14:30:00.000Z', timeZone: 'America/Chicago' } },
    } as const;
    expect(renderErrorText(early, 'en')).toMatch(/^It is too early to check in\. Check-in opens at 9:30\sAM\.$/);
    expect(renderErrorText(early, 'es')).toMatch(/El registro abre a las 9:30\.$/);
    expect(renderErrorText(early, 'zh')).toBe('现在签到还太早。签到于 9:30 开始。');
    expect(renderErrorText({ reason: 'login.waitBeforeResend', params: { seconds: 1 } }, 'en')).toBe(
      'Please wait 1 second before asking for another code.',
    );
    expect(renderErrorText({ reason: 'login.waitBeforeResend', params: { seconds: 30 } }, 'es')).toBe(
      'Espere 30 segundos antes de pedir otro código.',
    );
  });

  it('make an AppError whose message is the English rendering and which renders in any language', () => {
    const error = new AppError('payload_too_large', 'booking.reasonTooLong', { params: { max: 500 } });
    expect(error.message).toBe('Please keep the reason under 500 characters.');
    expect(error.reason).toBe('booking.reasonTooLong');
    expect(error.messageIn('es')).toBe('El motivo debe tener menos de 500 caracteres.');
    expect(error.messageIn('zh')).toBe('就诊原因请少于 500 个字符。');
  });

  it('each have a real translation in every language, with the same values named', () => {
    const all = reasons(en.errors);
    expect(all.length).toBeGreaterThan(100);
    const names = (text: string): string[] =>
      [...text.matchAll(/\{(\w+)(?=[,}])/g)].map((match) => match[1] ?? '').sort();
    for (const reason of all) {
      const params = Object.fromEntries(names(lookup(reason) ?? '').map((name) => [name, 1]));
      for (const locale of LOCALES) expect(renderErrorText({ reason, params }, locale)).not.toBe(`errors.${reason}`);
      for (const locale of LOCALES) {
        let node: unknown = MESSAGES[locale].errors;
        for (const part of reason.split('.')) node = (node as Record<string, unknown>)[part];
        expect(typeof node, `${locale} ${reason}`).toBe('string');
        expect(names(node as string), `${locale} ${reason}`).toEqual(names(lookup(reason) ?? ''));
        if (locale !== 'en') expect(node, `${locale} ${reason} is not translated`).not.toBe(lookup(reason));
      }
    }
  });

  it('are told from free text', () => {
    expect(isErrorReason('booking.minimumNotice')).toBe(true);
    expect(isErrorReason('booking')).toBe(false);
    expect(isErrorReason('booking.nope')).toBe(false);
    expect(isErrorReason('That time has already passed.')).toBe(false);
    expect(isErrorReason('toString')).toBe(false);
  });
});

function lookup(reason: ErrorReason): string | undefined {
  let node: unknown = en.errors;
  for (const part of reason.split('.')) node = (node as Record<string, unknown>)[part];
  return typeof node === 'string' ? node : undefined;
}
