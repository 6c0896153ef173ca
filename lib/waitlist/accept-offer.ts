/**
 * Taking an offered slot with the link's token: the first acceptance claims the slot's round (set
 * once, so of two in the same second one wins), then books the slot for the person, or moves their
 * visit to it, through the same booking use-cases as the app (rules, atomic EHR write with the slot's
 * version, audit, confirmation). The others who were offered it are told it is gone and stay on the
 * list. Used, expired, taken or unknown links each get their own answer, and nothing changes.
 */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import { bookAppointment } from '@/lib/booking/book-appointment';
import type { PatientActor } from '@/lib/booking/booking-deps';
import { rescheduleAppointment } from '@/lib/booking/reschedule-appointment';
import { AppError } from '@/lib/errors';
import { DEFAULT_LOCALE, HTML_LANG, isLocale } from '@/lib/i18n/locales';
import { contactChannelOf } from '@/lib/identity/patient/patient-account';
import { noticeContact } from '@/lib/notify/notice-contact';
import type { Appointment } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { formatLocalDateTime } from '@/lib/time/format';
import { offerTokenHash } from './offer-freed-slot';
import type { WaitlistDeps } from './waitlist-deps';

async function findOffer(deps: WaitlistDeps, tenant: Tenant, token: string) {
  const offer = await deps.database.waitlistOffer.findUnique({ where: { tokenHash: offerTokenHash(token) } });
  if (!offer || offer.tenantId !== tenant.id) throw new AppError('not_found', 'waitlist.offerNotFound');
  return offer;
}

/** What the offer page shows before the tap: the time and whether it can still be taken. */
export async function viewOffer(
  deps: WaitlistDeps,
  tenant: Tenant,
  input: { token: string; locale: 'en' | 'es' | 'zh' },
): Promise<{ status: 'open' | 'accepted' | 'gone' | 'expired'; when: string; moving: boolean }> {
  const offer = await findOffer(deps, tenant, input.token);
  const entry = await deps.database.waitlistEntry.findUniqueOrThrow({ where: { id: offer.entryId } });
  const now = deps.now?.() ?? new Date();
  const status =
    offer.status === 'accepted'
      ? 'accepted'
      : offer.status === 'gone'
        ? 'gone'
        : offer.status === 'expired' || offer.expiresAt <= now
          ? 'expired'
          : 'open';
  return {
    status,
    when: formatLocalDateTime(offer.slotStart, tenant.timeZone, HTML_LANG[input.locale]),
    moving: entry.appointmentId !== null,
  };
}

export async function acceptOffer(
  deps: WaitlistDeps,
  tenant: Tenant,
  input: { token: string; origin: RequestOrigin },
): Promise<{ appointment: Appointment }> {
  const offer = await findOffer(deps, tenant, input.token);
  return takeOffer(deps, tenant, { offer, origin: input.origin, via: 'link' });
}

type WaitlistOfferRow = Awaited<ReturnType<typeof findOffer>>;

/**
 * Taking an offer found another way than by its link: the SMS reply "Y" (lib/sms-replies) finds the
 * latest offer texted to that number by the clinic. Same rules and answers as the link.
 */
export async function acceptOfferById(
  deps: WaitlistDeps,
  tenant: Tenant,
  input: { offerId: string; origin: RequestOrigin; via: 'sms' },
): Promise<{ appointment: Appointment }> {
  const offer = await deps.database.waitlistOffer.findUnique({ where: { id: input.offerId } });
  if (!offer || offer.tenantId !== tenant.id) throw new AppError('not_found', 'waitlist.offerNotFound');
  return takeOffer(deps, tenant, { offer, origin: input.origin, via: input.via });
}

async function takeOffer(
  deps: WaitlistDeps,
  tenant: Tenant,
  input: { offer: WaitlistOfferRow; origin: RequestOrigin; via: 'link' | 'sms' },
): Promise<{ appointment: Appointment }> {
  const { database } = deps;
  const now = deps.now?.() ?? new Date();
  const { offer } = input;
  const entry = await database.waitlistEntry.findUniqueOrThrow({ where: { id: offer.entryId } });
  const audit = (outcome: 'success' | 'failure' | 'denied', detail: Record<string, string>): Promise<void> =>
    recordAudit(database, {
      tenantId: tenant.id,
      actor: { type: 'patient', id: entry.accountId },
      action: 'waitlist.accept',
      outcome,
      patientId: entry.patientId,
      origin: input.origin,
      detail: { offerId: offer.id, slotId: offer.slotId, via: input.via, ...detail },
    });
  if (offer.status === 'accepted') {
    await audit('denied', { reason: 'used' });
    throw new AppError('conflict', 'waitlist.offerUsed');
  }
  if (offer.status === 'gone') {
    await audit('denied', { reason: 'gone' });
    throw new AppError('conflict', 'waitlist.offerGone');
  }
  if (offer.status === 'expired' || offer.expiresAt <= now) {
    await database.waitlistOffer.updateMany({ where: { id: offer.id, status: 'sent' }, data: { status: 'expired' } });
    await audit('denied', { reason: 'expired' });
    throw new AppError('invalid_input', 'waitlist.offerExpired');
  }
  // First wins: the slot's round is claimed once.
  const claimed = await database.waitlistRound.updateMany({
    where: { tenantId: tenant.id, slotId: offer.slotId, claimedBy: null },
    data: { claimedBy: offer.id },
  });
  if (claimed.count === 0) {
    await audit('denied', { reason: 'taken' });
    throw new AppError('conflict', 'waitlist.offerGone');
  }
  const account = await database.patientAccount.findUnique({ where: { id: entry.accountId } });
  const actor: PatientActor = {
    tenant,
    accountId: entry.accountId,
    patientId: entry.holderPatientId,
    locale: isLocale(account?.preferredLocale) ? account.preferredLocale : DEFAULT_LOCALE,
    origin: input.origin,
    preferredChannel: contactChannelOf(account?.preferredChannel),
  };
  let appointment: Appointment;
  let previousStart: Date | null = null;
  try {
    const slot = await deps.provider.getSlot(offer.slotId);
    if (slot.status !== 'free') throw new AppError('conflict', 'booking.slotTaken');
    if (entry.appointmentId) {
      previousStart = new Date((await deps.provider.getAppointment(entry.appointmentId)).start);
      ({ appointment } = await rescheduleAppointment(deps, actor, {
        appointmentId: entry.appointmentId,
        newSlotId: slot.id,
        newSlotVersion: slot.version,
      }));
    } else {
      ({ appointment } = await bookAppointment(deps, actor, {
        forPatientId: entry.patientId,
        slotId: slot.id,
        slotVersion: slot.version,
        idempotencyKey: `waitlist-offer:${offer.id}`,
      }));
    }
  } catch (error) {
    const taken = error instanceof AppError && error.code === 'conflict';
    await database.waitlistRound.updateMany({
      where: { tenantId: tenant.id, slotId: offer.slotId, claimedBy: offer.id },
      data: taken ? { status: 'closed' } : { claimedBy: null },
    });
    if (taken) {
      await database.waitlistOffer.update({ where: { id: offer.id }, data: { status: 'gone' } });
      await audit('failure', { reason: 'taken_in_ehr' });
      throw new AppError('conflict', 'waitlist.offerGone', { cause: error });
    }
    await audit('failure', { reason: error instanceof AppError ? error.reason : 'unexpected' });
    throw error;
  }
  const reference = previousStart ?? entry.latest;
  const daysSooner = Math.max(0, (reference.getTime() - new Date(appointment.start).getTime()) / 86_400_000);
  await database.$transaction([
    database.waitlistOffer.update({
      where: { id: offer.id },
      data: { status: 'accepted', acceptedAt: now, appointmentId: appointment.id, daysSooner },
    }),
    database.waitlistEntry.update({ where: { id: entry.id }, data: { status: 'fulfilled' } }),
    database.waitlistRound.update({
      where: { tenantId_slotId: { tenantId: tenant.id, slotId: offer.slotId } },
      data: { status: 'filled' },
    }),
  ]);
  await audit('success', { appointmentId: appointment.id });
  await tellOthersItIsGone(deps, tenant, offer.slotId, offer.slotStart);
  return { appointment };
}

/** The others offered the slot hear it is gone (they stay on the list). */
async function tellOthersItIsGone(deps: WaitlistDeps, tenant: Tenant, slotId: string, start: Date): Promise<void> {
  const others = await deps.database.waitlistOffer.findMany({ where: { tenantId: tenant.id, slotId, status: 'sent' } });
  await deps.database.waitlistOffer.updateMany({
    where: { id: { in: others.map((other) => other.id) } },
    data: { status: 'gone' },
  });
  for (const other of others) {
    const entry = await deps.database.waitlistEntry.findUnique({ where: { id: other.entryId } });
    if (!entry) continue;
    const account = await deps.database.patientAccount.findUnique({ where: { id: entry.accountId } });
    const holder = await deps.provider.getPatient(entry.holderPatientId).catch(() => null);
    const contact = holder ? noticeContact(holder, account?.preferredChannel === 'email' ? 'email' : 'sms') : null;
    if (!holder || !contact) continue;
    const patient =
      entry.patientId === entry.holderPatientId ? holder : await deps.provider.getPatient(entry.patientId);
    const locale = isLocale(account?.preferredLocale) ? account.preferredLocale : DEFAULT_LOCALE;
    await deps.notifier.enqueue({
      tenant,
      channel: contact.channel,
      to: contact.to,
      template: 'waitlist-offer-gone',
      locale,
      variables: {
        patient: patient.name.given || patient.name.display,
        when: formatLocalDateTime(start, tenant.timeZone, HTML_LANG[locale]),
      },
      priority: 'bulk',
      idempotencyKey: `waitlist-offer-gone:${other.id}`,
    });
  }
}
