import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import {
  CONNECTION_CHECK_DETAILS,
  CONNECTION_CHECK_TITLES,
  checkText,
  renderCheckDetail,
  renderCheckTitle,
  type ConnectionCheckParam,
} from './ehr-check-text';
import { LOCALES, type Locale } from './locales';
import { MESSAGES } from './messages';

/** Messages that are the same in Spanish as in English: a version and a software name, punctuation. */
const SAME_IN_SPANISH = new Set(['detail.fhirVersion', 'detail.fhirVersionOf', 'accessEntry', 'accessSeparator']);

function message(locale: Locale, path: string): unknown {
  let node: unknown = MESSAGES[locale].ehrCheck;
  for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

function names(text: string): string[] {
  return [...text.matchAll(/\{(\w+)(?=[,}])/g)].map((match) => match[1] ?? '').sort();
}

const paths = [
  ...CONNECTION_CHECK_TITLES.map((code) => `title.${code}`),
  ...CONNECTION_CHECK_DETAILS.map((code) => `detail.${code}`),
  ...['c', 'r', 'u', 'd', 's'].map((code) => `interaction.${code}`),
  'accessEntry',
  'accessSeparator',
];

describe('the EHR check’s words', () => {
  it('have, for every code the check can report, a message in every language naming the same values', () => {
    for (const path of paths) {
      const english = message('en', path);
      expect(typeof english, `en ${path}`).toBe('string');
      for (const locale of LOCALES) {
        const text = message(locale, path);
        expect(typeof text, `${locale} ${path}`).toBe('string');
        expect(names(text as string), `${locale} ${path}`).toEqual(names(english as string));
        if (locale === 'zh' || (locale === 'es' && !SAME_IN_SPANISH.has(path)))
          expect(text, `${locale} ${path} is not translated`).not.toBe(english);
      }
    }
    // No message in the section that the check never uses (a leftover would go untranslated unnoticed).
    const leaves = (node: object, prefix = ''): string[] =>
      Object.entries(node).flatMap(([key, value]) =>
        typeof value === 'string' ? [`${prefix}${key}`] : leaves(value as object, `${prefix}${key}.`),
      );
    expect(leaves(MESSAGES.en.ehrCheck).sort()).toEqual([...paths].sort());
  });

  it('render every code with its values in every language, nothing left as a key', () => {
    for (const locale of LOCALES) {
      for (const code of CONNECTION_CHECK_TITLES) {
        const rendered = renderCheckTitle(checkText(code, { type: 'Slot' }), locale);
        expect(rendered).not.toContain('ehrCheck.');
        expect(rendered).not.toContain('{');
      }
      for (const code of CONNECTION_CHECK_DETAILS) {
        const params = Object.fromEntries(
          names(message('en', `detail.${code}`) as string).map((name): [string, ConnectionCheckParam] => [name, 'X']),
        );
        const rendered = renderCheckDetail(checkText(code, params), locale);
        expect(rendered).not.toContain('ehrCheck.');
        expect(rendered).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('join lists, name missing access and word errors the way each language does', () => {
    const lacks = checkText('typeLacksInteractionsAndSearchParameters', {
      type: 'Slot',
      interactions: { list: ['update', 'create'] },
      parameters: { list: ['schedule'] },
    });
    expect(renderCheckDetail(lacks, 'en')).toBe(
      'The EHR does not declare the interactions update and create and the search parameters schedule on Slot.',
    );
    expect(renderCheckDetail(lacks, 'es')).toBe(
      'El EHR no declara las interacciones update y create ni los parámetros de búsqueda schedule en Slot.',
    );
    expect(renderCheckDetail(lacks, 'zh')).toBe(
      '电子病历系统未在 Slot 上声明交互 update和create 和搜索参数 schedule。',
    );

    const scope = checkText('scopeLacks', {
      granted: 'system/*.rs',
      access: {
        access: [
          { type: 'Slot', missing: ['u'] },
          { type: 'Appointment', missing: ['c', 'u'] },
        ],
      },
    });
    expect(renderCheckDetail(scope, 'en')).toBe(
      'The token was granted “system/*.rs”, which does not allow Slot: update; Appointment: create and update.',
    );
    expect(renderCheckDetail(scope, 'es')).toBe(
      'Al token se le concedió «system/*.rs», que no permite Slot: actualizar; Appointment: crear y actualizar.',
    );
    expect(renderCheckDetail(scope, 'zh')).toBe(
      '令牌获授的权限范围为“system/*.rs”，不允许以下操作：Slot：更新；Appointment：创建和更新。',
    );

    const refused = new AppError('unavailable', 'ehr.credentialsRefused', {
      cause: new Error('token endpoint answered 401'),
    });
    const text = checkText('credentialsRefused', {
      error: { error: refused.text(), cause: 'token endpoint answered 401' },
    });
    expect(renderCheckDetail(text, 'en')).toBe(
      `The EHR did not accept the app: ${refused.message} (token endpoint answered 401).`,
    );
    expect(renderCheckDetail(text, 'es')).toBe(
      `El EHR no aceptó la aplicación: ${refused.messageIn('es')} (token endpoint answered 401).`,
    );
    expect(renderCheckDetail(text, 'zh')).toContain(refused.messageIn('zh'));
  });
});
