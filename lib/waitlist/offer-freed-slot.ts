/**
 * Offers a freed slot to the waitlist, one group at a time: the next `groupSize` matching entries in
 * the order they joined (same service; the clinician they asked for or any; a location they accept;
 * the slot inside their range), each told in their language with a one-tap link. The next group follows
 * after `pauseMinutes` while nobody has taken it; nothing goes in quiet hours (the round waits for the
 * window), and no offer goes later than `stopBeforeMinutes` before the slot. Called from change
 * detection (`slot-opened`) and from the app's own cancellations and moves; the first caller starts
 * the round, later ones continue it. Safe to repeat.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_LOCALE, HTML_LANG, isLocale } from '@/lib/i18n/locales';
import { log } from '@/lib/logger';
import { noticeContact } from '@/lib/notify/notice-contact';
import { insideSendingWindow, nextSendingTime } from '@/lib/notify/quiet-hours';
import { clinicCatalogue } from '@/lib/scheduling/clinic-catalogue';
import type { Tenant } from '@/lib/tenancy/tenant';
import { formatLocalDateTime } from '@/lib/time/format';
import type { WaitlistDeps } from './waitlist-deps';

export function offerTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface OfferRoundOutcome {
  offered: number;
  /** Why nothing was offered, when nothing was. */
  stopped?: 'waitlist-off' | 'not-free' | 'too-late' | 'filled' | 'nobody' | 'quiet-hours' | 'pausing';
}

export async function offerFreedSlot(
  deps: WaitlistDeps,
  tenant: Tenant,
  input: { slotId: string; detectedAt?: Date },
): Promise<OfferRoundOutcome> {
  const settings = tenant.waitlistSettings;
  if (!settings.enabled) return { offered: 0, stopped: 'waitlist-off' };
  const now = deps.now?.() ?? new Date();
  const { database } = deps;
  const key = { tenantId_slotId: { tenantId: tenant.id, slotId: input.slotId } };
  const round = await database.waitlistRound.upsert({
    where: key,
    create: { tenantId: tenant.id, slotId: input.slotId, detectedAt: input.detectedAt ?? now },
    update: {},
  });
  if (round.status === 'filled') return { offered: 0, stopped: 'filled' };
  const slot = await deps.provider.getSlot(input.slotId);
  if (slot.status !== 'free' || !slot.serviceCode) {
    await database.waitlistRound.update({ where: key, data: { status: 'closed' } });
    return { offered: 0, stopped: 'not-free' };
  }
  const stopAt = new Date(new Date(slot.start).getTime() - settings.stopBeforeMinutes * 60_000);
  if (now >= stopAt) {
    await database.waitlistRound.update({ where: key, data: { status: 'closed' } });
    return { offered: 0, stopped: 'too-late' };
  }
  if (round.status === 'closed') await database.waitlistRound.update({ where: key, data: { status: 'offering' } });
  const { quietHours } = tenant.notificationSettings;
  if (!insideSendingWindow(now, quietHours, tenant.timeZone)) {
    const at = nextSendingTime(now, quietHours, tenant.timeZone);
    if (at < stopAt) await deps.scheduleRound?.({ tenantId: tenant.id, slotId: slot.id, at });
    return { offered: 0, stopped: 'quiet-hours' };
  }
  // A group still inside its pause: the planned round continues later.
  const latest = await database.waitlistOffer.findFirst({
    where: { tenantId: tenant.id, slotId: slot.id },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  if (latest && now.getTime() - latest.createdAt.getTime() < settings.pauseMinutes * 60_000 - 1000) {
    return { offered: 0, stopped: 'pausing' };
  }
  const offeredBefore = await database.waitlistOffer.findMany({
    where: { tenantId: tenant.id, slotId: slot.id },
    select: { entryId: true },
  });
  const start = new Date(slot.start);
  const entries = await database.waitlistEntry.findMany({
    where: {
      tenantId: tenant.id,
      status: 'active',
      serviceCode: slot.serviceCode,
      earliest: { lte: start },
      latest: { gt: start },
      id: { notIn: offeredBefore.map((offer) => offer.entryId) },
      AND: [
        { OR: [{ practitionerId: null }, ...(slot.practitionerId ? [{ practitionerId: slot.practitionerId }] : [])] },
        {
          OR: [
            { locationIds: { isEmpty: true } },
            ...(slot.locationId ? [{ locationIds: { has: slot.locationId } }] : []),
          ],
        },
      ],
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: settings.groupSize,
  });
  if (entries.length === 0) return { offered: 0, stopped: 'nobody' };
  const expiresAt = new Date(Math.min(now.getTime() + settings.offerMinutes * 60_000, stopAt.getTime()));
  const { locations } = await clinicCatalogue(deps.provider, tenant.id);
  const location = locations.find((candidate) => candidate.id === slot.locationId);
  const number = round.round + 1;
  let offered = 0;
  for (const entry of entries) {
    const token = randomBytes(24).toString('base64url');
    const offer = await database.waitlistOffer
      .create({
        data: {
          tenantId: tenant.id,
          entryId: entry.id,
          slotId: slot.id,
          slotStart: start,
          round: number,
          tokenHash: offerTokenHash(token),
          expiresAt,
        },
      })
      .catch(() => null);
    if (!offer) continue;
    offered += 1;
    try {
      const [account, holder, patient] = await Promise.all([
        database.patientAccount.findUnique({ where: { id: entry.accountId } }),
        deps.provider.getPatient(entry.holderPatientId),
        entry.patientId === entry.holderPatientId ? null : deps.provider.getPatient(entry.patientId),
      ]);
      const locale = isLocale(account?.preferredLocale) ? account.preferredLocale : DEFAULT_LOCALE;
      const contact = noticeContact(holder, account?.preferredChannel === 'email' ? 'email' : 'sms');
      if (!contact) continue;
      await deps.notifier.enqueue({
        tenant,
        channel: contact.channel,
        to: contact.to,
        template: 'waitlist-offer',
        locale,
        variables: {
          patient: (patient ?? holder).name.given || (patient ?? holder).name.display,
          when: formatLocalDateTime(slot.start, tenant.timeZone, HTML_LANG[locale]),
          location: location?.name ?? '',
          address: location?.address?.lines.join(', ') ?? '',
          minutes: String(Math.round((expiresAt.getTime() - now.getTime()) / 60_000)),
          link: `${deps.appBaseUrl}/${tenant.slug}/offer#${token}`,
        },
        priority: 'bulk',
        idempotencyKey: `waitlist-offer:${offer.id}`,
      });
    } catch (error) {
      log().warn(
        { offerId: offer.id, err: error instanceof Error ? error.message : 'unknown' },
        'waitlist offer not sent',
      );
    }
  }
  await database.waitlistRound.update({
    where: key,
    data: { round: number, ...(round.firstOfferAt ? {} : { firstOfferAt: new Date() }) },
  });
  const next = new Date(now.getTime() + settings.pauseMinutes * 60_000);
  if (next < stopAt) await deps.scheduleRound?.({ tenantId: tenant.id, slotId: slot.id, at: next });
  return { offered };
}
