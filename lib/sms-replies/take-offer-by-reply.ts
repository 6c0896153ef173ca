/**
 * The SMS reply "Y" to an earlier-slot offer: takes the latest offer that clinic texted to that number
 * (the same use-case as the offer link: first wins, the booking or move happens in the EHR, audited as
 * `waitlist.accept` with `via: sms`). An offer already taken by someone else, expired, already used,
 * or no offer at all: each its own answer, and nothing changed. The reply itself is audited as
 * `sms.reply` (intent `accept`, never the text).
 */
import type { RequestOrigin } from '@/lib/audit/record-audit';
import type { BookingDeps } from '@/lib/booking/booking-deps';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { DEFAULT_LOCALE, HTML_LANG, isLocale, type Locale } from '@/lib/i18n/locales';
import { log } from '@/lib/logger';
import type { Tenant } from '@/lib/tenancy/tenant';
import { formatLocalDateTime } from '@/lib/time/format';
import { acceptOfferById } from '@/lib/waitlist/accept-offer';

const OFFER_KEY_PREFIX = 'waitlist-offer:';
/** How many recent offers to the number are looked at. */
const RECENT_OFFERS = 20;

export type OfferReplyResult = 'taken' | 'gone' | 'expired' | 'used' | 'no_offer' | 'failed';

export interface OfferReplyAnswer {
  result: OfferReplyResult;
  tenantId: string | null;
  locale: Locale;
  /** The person the offer was for and its time (or the new visit's), when known. */
  patient: string;
  when: string;
  patientId: string | null;
}

/** Accepts the latest open offer texted to `from` by one of `clinicIds` (the clinics owning the number). */
export async function takeOfferByReply(
  deps: {
    database: Database;
    clinic: (tenantId: string) => Promise<{ tenant: Tenant; deps: BookingDeps } | null>;
    now?: () => Date;
  },
  input: { from: string; clinicIds: string[]; origin: RequestOrigin },
): Promise<OfferReplyAnswer> {
  const { database } = deps;
  const messages = await database.notification.findMany({
    where: {
      tenantId: { in: input.clinicIds },
      channel: 'sms',
      recipient: input.from,
      template: 'waitlist-offer',
    },
    orderBy: { createdAt: 'desc' },
    take: RECENT_OFFERS,
    select: { tenantId: true, idempotencyKey: true, locale: true },
  });
  const latest = messages[0];
  const none: OfferReplyAnswer = {
    result: 'no_offer',
    tenantId: null,
    locale: DEFAULT_LOCALE,
    patient: '',
    when: '',
    patientId: null,
  };
  if (!latest) return none;
  const clinic = await deps.clinic(latest.tenantId);
  if (!clinic) return none;
  const { tenant } = clinic;
  const locale = isLocale(latest.locale) ? latest.locale : DEFAULT_LOCALE;
  const offerIds = messages
    .filter((message) => message.tenantId === tenant.id && message.idempotencyKey.startsWith(OFFER_KEY_PREFIX))
    .map((message) => message.idempotencyKey.slice(OFFER_KEY_PREFIX.length));
  const offers = await database.waitlistOffer.findMany({
    where: { tenantId: tenant.id, id: { in: offerIds } },
    orderBy: { createdAt: 'desc' },
  });
  const now = deps.now?.() ?? new Date();
  const offer = offers.find((candidate) => candidate.status === 'sent' && candidate.expiresAt > now) ?? offers[0];
  if (!offer) return { ...none, tenantId: tenant.id, locale };
  const entry = await database.waitlistEntry.findUnique({ where: { id: offer.entryId } });
  const person = entry ? await clinic.deps.provider.getPatient(entry.patientId).catch(() => null) : null;
  const about = {
    tenantId: tenant.id,
    locale,
    patient: person ? person.name.given || person.name.display : '',
    when: formatLocalDateTime(offer.slotStart, tenant.timeZone, HTML_LANG[locale]),
    patientId: entry?.patientId ?? null,
  };
  try {
    const { appointment } = await acceptOfferById(clinic.deps, tenant, {
      offerId: offer.id,
      origin: input.origin,
      via: 'sms',
    });
    return {
      ...about,
      result: 'taken',
      when: formatLocalDateTime(appointment.start, tenant.timeZone, HTML_LANG[locale]),
    };
  } catch (error) {
    const reason = error instanceof AppError ? error.reason : 'unexpected';
    const answered: Partial<Record<string, OfferReplyResult>> = {
      'waitlist.offerGone': 'gone',
      'waitlist.offerExpired': 'expired',
      'waitlist.offerUsed': 'used',
    };
    const result = answered[reason];
    if (result) return { ...about, result };
    log().warn({ reason }, 'waitlist offer by sms failed');
    return { ...about, result: 'failed' };
  }
}
