import { describe, expect, it } from 'vitest';
import { createTranslator } from 'use-intl/core';
import { LOCALES } from './locales';
import { MESSAGES } from './messages';
import {
  AAA_REJECT_REASONS,
  formatCopay,
  parsePayerNotice,
  payerNoticeMessage,
  storedPayerNotice,
  type PayerNotice,
} from './payer-notice';

const notices: PayerNotice[] = [
  ...AAA_REJECT_REASONS.map((code): PayerNotice => ({ kind: 'rejected', rejectReason: code })),
  { kind: 'rejected', rejectReason: '99' },
  { kind: 'cannot_process' },
  { kind: 'request_refused' },
];

/** Every word the insurance page can show for a result: statuses, reasons, coded answers and their frame. */
const RESULT_KEYS = [
  'active',
  'inactive',
  'unknown',
  'notChecked',
  'badge',
  'plan',
  'copay',
  'checkedAt',
  'payerSays',
  'noticeLine',
  'willRetry',
  'reasonTimeout',
  'reasonUnavailable',
  'reasonMalformed',
  'reasonRejected',
  'reasonNotConfigured',
  'reasonNoCoverage',
  'inactiveHelp',
] as const;

function insurance(locale: (typeof LOCALES)[number]): Record<string, unknown> {
  return MESSAGES[locale].insurance;
}

function names(text: string): string[] {
  return [...text.matchAll(/\{(\w+)(?=[,}])/g)].map((match) => match[1] ?? '').sort();
}

describe('what a payer answered, in the patient’s language', () => {
  it('has a real translation of every coded answer and every result word, naming the same values', () => {
    const keys = [
      ...RESULT_KEYS,
      ...notices.map((notice) => payerNoticeMessage(notice).key.replace('notice.', 'notice/')),
    ];
    for (const key of new Set(keys)) {
      const read = (locale: (typeof LOCALES)[number]): unknown => {
        const [section, leaf] = key.split('/');
        const node = insurance(locale)[section ?? ''];
        return leaf ? (node as Record<string, unknown>)[leaf] : node;
      };
      const english = read('en');
      expect(typeof english, `en ${key}`).toBe('string');
      for (const locale of LOCALES.filter((candidate) => candidate !== 'en')) {
        expect(typeof read(locale), `${locale} ${key}`).toBe('string');
        expect(names(read(locale) as string), `${locale} ${key}`).toEqual(names(english as string));
        // "Plan: {plan}" is Spanish too.
        if (!(locale === 'es' && key === 'plan'))
          expect(read(locale), `${locale} ${key} is not translated`).not.toBe(english);
      }
    }
    // Every coded answer in the catalogue is one the app can produce.
    expect(Object.keys(insurance('en').notice as object).sort()).toEqual(
      [...new Set(notices.map((notice) => payerNoticeMessage(notice).key.slice('notice.'.length)))].sort(),
    );
  });

  it('words a rejection in each language, an unlisted reject code by its number', () => {
    const say = (locale: (typeof LOCALES)[number], notice: PayerNotice): string => {
      const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'insurance' });
      const message = payerNoticeMessage(notice);
      return t('noticeLine', { notice: message.values ? t(message.key, message.values) : t(message.key) });
    };
    const notFound: PayerNotice = { kind: 'rejected', rejectReason: '75' };
    expect(say('en', notFound)).toBe('Insurance company’s answer: Subscriber/insured not found.');
    expect(say('es', notFound)).toBe('Respuesta de la aseguradora: No se encontró al titular o asegurado.');
    expect(say('zh', notFound)).toBe('保险公司答复：找不到该投保人/被保险人。');
    expect(say('es', { kind: 'rejected', rejectReason: '99' })).toBe(
      'Respuesta de la aseguradora: Rechazó la consulta (código 99).',
    );
  });

  it('are stored as short codes and read back; anything else stored is ignored', () => {
    for (const notice of notices) expect(parsePayerNotice(storedPayerNotice(notice))).toEqual(notice);
    expect(storedPayerNotice({ kind: 'rejected', rejectReason: '75' })).toBe('aaa:75');
    expect(parsePayerNotice('Subscriber/insured not found')).toBeNull();
    expect(parsePayerNotice('aaa:<script>')).toBeNull();
  });

  it('shows a copay as money the way each language writes it', () => {
    expect(formatCopay('25.00', 'en')).toBe('$25.00');
    expect(formatCopay('25.00', 'es')).toBe('$25.00');
    expect(formatCopay('25.00', 'zh')).toBe('US$25.00');
  });
});
