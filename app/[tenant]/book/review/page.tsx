import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ConfirmBooking } from '@/components/confirm-booking';
import { VisitDetails } from '@/components/visit-details';
import { getBookingReview } from '@/lib/booking/get-booking-review';
import { serviceDisplayName, visitReasonChoices } from '@/lib/booking/service-name';
import { getTranslator } from '@/lib/server/locale';
import { formatLocalDate, formatLocalTime } from '@/lib/time/format';
import { localDate } from '@/lib/time/zoned';
import { loadTenant, patientPageContext } from '@/lib/server/context';
import { patientAppointmentOr404 } from '@/lib/server/patient-appointment';

export async function generateMetadata({ searchParams }: ReviewPageProps): Promise<Metadata> {
  const [{ t }, query] = await Promise.all([getTranslator(), searchParams]);
  return { title: typeof query.reschedule === 'string' ? t('booking.rescheduleReview') : t('booking.review') };
}

interface ReviewPageProps {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Who, what, where (with a map link), when and with whom, before confirming. */
export default async function ReviewPage({ params, searchParams }: ReviewPageProps): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const query = await searchParams;
  const context = await patientPageContext(tenant.slug);
  if (!context) {
    // A slot finder's deep link (lib/publication): signed in, the patient comes back to this slot.
    const slot = typeof query.slot === 'string' ? query.slot : '';
    const v = typeof query.v === 'string' ? query.v : '';
    const back = slot && v ? `/${tenant.slug}/book/review?${new URLSearchParams({ slot, v }).toString()}` : null;
    redirect(`/${tenant.slug}/login${back ? `?${new URLSearchParams({ returnTo: back }).toString()}` : ''}`);
  }
  const { session, deps } = context;
  const slotId = typeof query.slot === 'string' ? query.slot : '';
  const version = typeof query.v === 'string' ? query.v : '';
  const forIndex = typeof query.for === 'string' && /^\d{1,2}$/.test(query.for) ? query.for : '0';
  const reschedule =
    typeof query.reschedule === 'string' && /^[\w-]{1,64}$/.test(query.reschedule) ? query.reschedule : undefined;
  const { locale, t } = await getTranslator();
  const review = await getBookingReview(deps, { patientId: session.patientId, forIndex: Number(forIndex), slotId });
  if (!review || !version) notFound();
  const { person, slot, location, practitioner, service } = review;
  const when = [
    formatLocalDate(slot.start, tenant.timeZone, locale),
    formatLocalTime(slot.start, tenant.timeZone, locale),
  ].join(', ');
  // Moving a visit: the time it has now, next to the new one (only the patient's own, or their dependent's).
  const current = reschedule ? await patientAppointmentOr404(context, reschedule, locale) : null;

  return (
    <>
      <h1>{reschedule ? t('booking.rescheduleReview') : t('booking.review')}</h1>
      <section className="card" aria-labelledby="review-heading">
        <h2 id="review-heading">{serviceDisplayName(tenant, locale, slot.serviceCode, service ? [service] : [])}</h2>
        <VisitDetails
          labels={{
            forWhom: t('booking.forWhom'),
            when: t('booking.when'),
            where: t('booking.where'),
            with: t('booking.with'),
            map: t('booking.map'),
          }}
          patientName={person.name.display}
          when={when}
          location={location ?? null}
          practitionerName={practitioner?.displayName ?? null}
        >
          {current ? (
            <>
              <dt>{t('booking.currentTime')}</dt>
              <dd>
                {formatLocalDate(current.appointment.start, tenant.timeZone, locale)},{' '}
                {formatLocalTime(current.appointment.start, tenant.timeZone, locale)}
              </dd>
            </>
          ) : null}
        </VisitDetails>
      </section>
      <div className="card">
        <ConfirmBooking
          // A new slot (an alternative after a conflict) is a new confirmation: no old error, a new key.
          key={`${slot.id}:${version}`}
          tenantSlug={tenant.slug}
          forPatient={person.id}
          forIndex={forIndex}
          slotId={slot.id}
          slotVersion={version}
          {...(reschedule ? { rescheduleId: reschedule } : {})}
          reasons={visitReasonChoices(tenant, locale, slot.serviceCode)}
          otherTimesHref={`/${tenant.slug}/book?${new URLSearchParams({
            for: forIndex,
            ...(slot.serviceCode ? { service: slot.serviceCode } : {}),
            from: localDate(new Date(slot.start), tenant.timeZone),
            ...(reschedule ? { reschedule } : {}),
          }).toString()}`}
        />
      </div>
    </>
  );
}
