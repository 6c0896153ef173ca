import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ConfirmBooking } from '@/components/confirm-booking';
import { VisitDetails } from '@/components/visit-details';
import { resolveActingFor } from '@/lib/booking/acting-for';
import { getTranslator } from '@/lib/server/locale';
import { formatLocalDate, formatLocalTime } from '@/lib/time/format';
import { loadTenant, patientPageContext } from '@/lib/server/context';

export const metadata: Metadata = { title: 'Review your visit' };

interface ReviewPageProps {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Who, what, where (with a map link), when and with whom, before confirming. */
export default async function ReviewPage({ params, searchParams }: ReviewPageProps): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await patientPageContext(tenant.slug);
  if (!context) redirect(`/${tenant.slug}/login`);
  const { session, deps } = context;
  const query = await searchParams;
  const slotId = typeof query.slot === 'string' ? query.slot : '';
  const version = typeof query.v === 'string' ? query.v : '';
  const forIndex = typeof query.for === 'string' && /^\d{1,2}$/.test(query.for) ? query.for : '0';
  const reschedule =
    typeof query.reschedule === 'string' && /^[\w-]{1,64}$/.test(query.reschedule) ? query.reschedule : undefined;
  const { locale, t } = await getTranslator();
  const { provider } = deps;
  const acting = await resolveActingFor(provider, session.patientId);
  const person = acting.allowed[Number(forIndex)];
  const slot = slotId ? await provider.getSlot(slotId).catch(() => null) : null;
  if (!person || !slot || !version) notFound();
  const [locations, practitioners, services] = await Promise.all([
    provider.listLocations(),
    provider.listPractitioners(),
    provider.listServices(),
  ]);
  const location = locations.find((candidate) => candidate.id === slot.locationId);
  const practitioner = practitioners.find((candidate) => candidate.id === slot.practitionerId);
  const service = services.find((candidate) => candidate.code === slot.serviceCode);

  return (
    <>
      <h1>{t('booking.review')}</h1>
      <section className="card" aria-labelledby="review-heading">
        <h2 id="review-heading">{service?.display ?? slot.serviceCode}</h2>
        <VisitDetails
          labels={{
            forWhom: t('booking.forWhom'),
            when: t('booking.when'),
            where: t('booking.where'),
            with: t('booking.with'),
            map: t('booking.map'),
          }}
          patientName={person.name.display}
          when={`${formatLocalDate(slot.start, tenant.timeZone, locale)}, ${formatLocalTime(slot.start, tenant.timeZone, locale)}`}
          location={location ?? null}
          practitionerName={practitioner?.displayName ?? null}
        />
      </section>
      <div className="card">
        <ConfirmBooking
          tenantSlug={tenant.slug}
          forPatient={person.id}
          forIndex={forIndex}
          slotId={slot.id}
          slotVersion={version}
          {...(reschedule ? { rescheduleId: reschedule } : {})}
        />
      </div>
    </>
  );
}
