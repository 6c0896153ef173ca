/**
 * The EHR connection check in words. A check (`SchedulingProvider.checkConnection`) reports each item's
 * title and sentences as codes with values, never as sentences; they are rendered here in the reader's
 * language from the catalogues' `ehrCheck` section (the administrator's EHR page) or in English
 * (`tenant:check`). The values are what the EHR answered (versions, scope strings, types, codes) and stay
 * as they are; lists of them are joined the way the language joins them, the access a scope lacks names
 * its interactions in that language, and an error keeps its technical cause as the EHR gave it.
 */
import { createTranslator } from 'use-intl/core';
import { isErrorReason, renderErrorText, type ErrorText } from './error-text';
import type { Locale } from './locales';
import { MESSAGES, type Messages } from './messages';

/** What an item is about (the catalogues' `ehrCheck.title`). */
export const CONNECTION_CHECK_TITLES = [
  'capabilityStatement',
  'credentials',
  'scope',
  'bookingMode',
  'resourceType',
  'transaction',
  'atomic',
] as const;
export type ConnectionCheckTitle = (typeof CONNECTION_CHECK_TITLES)[number];

/** One sentence of what was found or what to do about it (the catalogues' `ehrCheck.detail`). */
export const CONNECTION_CHECK_DETAILS = [
  'metadataUnreadable',
  'checkBaseUrl',
  'fhirVersion',
  'fhirVersionOf',
  'fhirVersionWrong',
  'fhirVersionAbsent',
  'credentialsAccepted',
  'credentialsRefused',
  'checkCredentials',
  'scopeLacks',
  'askOneBroadScope',
  'scopeStrictReadingLacks',
  'askOneScopeForAll',
  'scopeCovers',
  'operationsNotDeclared',
  'setBookingModeAuto',
  'booksByOperations',
  'booksBySlotTransactions',
  'modeSetByClinic',
  'modeChosenFromCapabilities',
  'modeChosenWithoutOperations',
  'noHold',
  'typeNotDeclared',
  'typeLacksInteractions',
  'typeLacksSearchParameters',
  'typeLacksInteractionsAndSearchParameters',
  'typeDeclared',
  'transactionsNotUsed',
  'atomicNotUsed',
  'transactionsDeclared',
  'transactionsNotDeclared',
  'probeSearchFailed',
  'probeNoFreeSlot',
  'probeNoAnswer',
  'atomicRefusedWhole',
  'atomicRunsAsBatch',
  'askAtomicTransactions',
  'probeLeftAppointment',
  'versionsNotEnforced',
  'earlierCheck',
] as const;
export type ConnectionCheckDetail = (typeof CONNECTION_CHECK_DETAILS)[number];

/** c(reate) r(ead) u(pdate) d(elete) s(earch), as SMART v2 names them. */
export type AccessInteraction = 'c' | 'r' | 'u' | 'd' | 's';

/** What a granted scope lacks for one resource type. */
export type AccessShortfall = {
  type: string;
  missing: AccessInteraction[];
};

/**
 * A value in a check's sentence: as it is (a version, a scope string, a type), a list of codes joined in
 * the reader's language, the access a scope lacks (interactions named in the reader's language), or an
 * error the EHR call ended in (its message in the reader's language, its technical cause as it is).
 */
export type ConnectionCheckParam =
  | string
  | number
  | { list: string[] }
  | { access: AccessShortfall[] }
  | { error: ErrorText | string; cause?: string | undefined };

// Type aliases, not interfaces: the report is stored as JSON (Tenant.ehrCheck).
export type ConnectionCheckText<Code extends string> = {
  code: Code;
  params?: Readonly<Record<string, ConnectionCheckParam>> | undefined;
};

export function checkText<Code extends string>(
  code: Code,
  params?: Readonly<Record<string, ConnectionCheckParam>>,
): ConnectionCheckText<Code> {
  return params ? { code, params } : { code };
}

type CheckTranslator = ReturnType<typeof createTranslator<Messages, 'ehrCheck'>>;
const translators = new Map<Locale, CheckTranslator>();

function translator(locale: Locale): CheckTranslator {
  let t = translators.get(locale);
  if (!t) {
    t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'ehrCheck' });
    translators.set(locale, t);
  }
  return t;
}

function listOf(values: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(values);
}

function accessOf(shortfalls: readonly AccessShortfall[], locale: Locale): string {
  const t = translator(locale);
  return shortfalls
    .map((shortfall) =>
      t('accessEntry', {
        type: shortfall.type,
        interactions: listOf(
          shortfall.missing.map((code) => t(`interaction.${code}`)),
          locale,
        ),
      }),
    )
    .join(t('accessSeparator'));
}

function errorOf(error: ErrorText | string, cause: string | undefined, locale: Locale): string {
  const message =
    typeof error === 'string' ? error : isErrorReason(error.reason) ? renderErrorText(error, locale) : error.reason;
  return cause ? `${message} (${cause})` : message;
}

function formatParam(value: ConnectionCheckParam, locale: Locale): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('list' in value) return listOf(value.list, locale);
  if ('access' in value) return accessOf(value.access, locale);
  return errorOf(value.error, value.cause, locale);
}

function values(text: ConnectionCheckText<string>, locale: Locale): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(text.params ?? {}).map(([name, value]) => [name, formatParam(value, locale)]),
  );
}

export function renderCheckTitle(text: ConnectionCheckText<ConnectionCheckTitle>, locale: Locale): string {
  return translator(locale)(`title.${text.code}`, values(text, locale));
}

export function renderCheckDetail(text: ConnectionCheckText<ConnectionCheckDetail>, locale: Locale): string {
  return translator(locale)(`detail.${text.code}`, values(text, locale));
}

/** An item of the check as its reader sees it: the title, then its sentences as one paragraph. */
export interface RenderedCheckItem {
  key: string;
  status: 'ok' | 'missing' | 'wrong' | 'skipped';
  required: boolean;
  title: string;
  detail: string;
}

export function renderCheckItem(
  item: {
    key: string;
    status: RenderedCheckItem['status'];
    required: boolean;
    title: ConnectionCheckText<ConnectionCheckTitle>;
    detail: readonly ConnectionCheckText<ConnectionCheckDetail>[];
  },
  locale: Locale,
): RenderedCheckItem {
  return {
    key: item.key,
    status: item.status,
    required: item.required,
    title: renderCheckTitle(item.title, locale),
    detail: item.detail.map((sentence) => renderCheckDetail(sentence, locale)).join(locale === 'zh' ? '' : ' '),
  };
}
