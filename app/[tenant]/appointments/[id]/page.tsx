import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { CancelAppointment } from '@/components/cancel-appointment';
import { EligibilityBadge } from '@/components/eligibility-badge';
import { CheckInButton } from '@/components/check-in-button';
import { EarlierTimeRequest } from '@/components/earlier-time-request';
import { VisitDetails } from '@/components/visit-details';
import { checkInCardState } from '@/lib/checkin/effective-settings';
import { bookAgainPath } from '@/lib/booking/service-name';
import { appointmentStatusKey } from '@/lib/i18n/appointment-status';
import { getTranslator } from '@/lib/server/locale';
import { listEligibilitySummaries } from '@/lib/insurance/list-eligibility-summaries';
import { formatLocalDate, formatLocalTime } from '@/lib/time/format';
import { loadTenant, patientPageContext } from '@/lib/server/context';
import { patientAppointmentOr404 } from '@/lib/server/patient-appointment';
import { clinicCatalogue } from '@/lib/scheduling/clinic-catalogue';
import { waitsForEarlierTime } from '@/lib/waitlist/list-waitlist-entries';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('booking.details') };
}

interface AppointmentPageProps {
  params: Promise<{ tenant: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function AppointmentPage({
  params,
  searchParams,
}: AppointmentPageProps): Promise<React.ReactElement> {
  const { tenant: slug, id } = await params;
  const tenant = await loadTenant(slug);
  const context = await patientPageContext(tenant.slug);
  if (!context) redirect(`/${tenant.slug}/login`);
  const { deps } = context;
  const [{ locale, t }, query] = await Promise.all([getTranslator(), searchParams]);
  const view = await patientAppointmentOr404(context, id, locale);
  const { appointment, patient, location } = view;
  const eligibility = (
    await listEligibilitySummaries(deps.database, {
      tenantId: tenant.id,
      appointmentIds: [appointment.id],
      patientIds: [patient.id],
    })
  ).forAppointment(appointment);
  const cancelled = appointment.status === 'cancelled';
  // An earlier time: where the clinic keeps a waitlist, for a booked visit still ahead.
  const canWait =
    tenant.waitlistSettings.enabled &&
    view.changeable &&
    appointment.status === 'booked' &&
    Boolean(appointment.serviceCode) &&
    new Date(appointment.start) > new Date();
  const [waiting, catalogue] = canWait
    ? await Promise.all([
        waitsForEarlierTime(deps.database, {
          tenantId: tenant.id,
          accountId: context.session.accountId,
          appointmentId: appointment.id,
        }),
        clinicCatalogue(deps.provider, tenant.id),
      ])
    : [false, null];
  const checkInState = checkInCardState(tenant, appointment, new Date());
  const when = [
    formatLocalDate(appointment.start, tenant.timeZone, locale),
    formatLocalTime(appointment.start, tenant.timeZone, locale),
  ].join(', ');
  const rescheduleQuery = new URLSearchParams({
    for: String(view.forIndex),
    service: appointment.serviceCode ?? '',
    reschedule: appointment.id,
  }).toString();

  return (
    <>
      <h1>
        {cancelled
          ? t('booking.details')
          : query.moved === '1'
            ? t('booking.moved')
            : query.confirmed === '1'
              ? t('booking.booked')
              : t('booking.details')}
      </h1>
      <section className="card" aria-labelledby="appointment-heading">
        <h2 id="appointment-heading">{view.serviceName}</h2>
        {cancelled ? (
          <div role="status">
            <p>{t('booking.cancelled')}</p>
            {appointment.serviceCode ? (
              <p>
                <Link
                  className="button"
                  href={bookAgainPath(tenant.slug, {
                    forIndex: view.forIndex,
                    serviceCode: appointment.serviceCode,
                    practitionerId: appointment.practitionerId,
                  })}
                >
                  {t('me.bookAgain')}
                </Link>
              </p>
            ) : null}
          </div>
        ) : null}
        <VisitDetails
          labels={{
            forWhom: t('booking.forWhom'),
            when: t('booking.when'),
            where: t('booking.where'),
            with: t('booking.with'),
            map: t('booking.map'),
          }}
          patientName={patient.name.display}
          when={when}
          location={location}
          practitionerName={view.practitionerName}
        >
          <dt>{t('booking.status')}</dt>
          <dd>
            {view.awaitingClinicSystem
              ? t('booking.awaitingClinicSystem')
              : t(appointmentStatusKey(appointment.status))}
          </dd>
          {appointment.reason ? (
            <>
              <dt>{t('booking.reasonShown')}</dt>
              <dd>{appointment.reason}</dd>
            </>
          ) : null}
          {cancelled && appointment.cancellationReason ? (
            <>
              <dt>{t('booking.cancelReasonShown')}</dt>
              <dd>{appointment.cancellationReason}</dd>
            </>
          ) : null}
          <dt>{t('insurance.title')}</dt>
          <dd>
            <EligibilityBadge status={eligibility?.status ?? null} />
          </dd>
        </VisitDetails>
        {!cancelled ? (
          <p>
            <a href={`/api/${tenant.slug}/appointments/${appointment.id}/ics`} download>
              {t('booking.addToCalendar')}
            </a>
          </p>
        ) : null}
        {checkInState ? (
          <CheckInButton tenantSlug={tenant.slug} appointmentId={appointment.id} checkedIn={checkInState === 'done'} />
        ) : null}
      </section>
      {view.changeable ? (
        <div className="actions">
          <Link className="button button--secondary" href={`/${tenant.slug}/book?${rescheduleQuery}`}>
            {t('booking.reschedule')}
          </Link>
          <CancelAppointment tenantSlug={tenant.slug} appointmentId={appointment.id} />
        </div>
      ) : !cancelled && appointment.status === 'booked' ? (
        <p className="card" role="note">
          {t('booking.callToChange', { phone: tenant.contactPhone ?? tenant.displayName })}
        </p>
      ) : null}
      {waiting ? (
        <p className="card" role="status">
          {t('waitlist.joined')} <Link href={`/${tenant.slug}/me/waitlist`}>{t('waitlist.link')}</Link>
        </p>
      ) : catalogue ? (
        <EarlierTimeRequest
          tenantSlug={tenant.slug}
          appointmentId={appointment.id}
          forPatientId={patient.id}
          practitioner={
            appointment.practitionerId && view.practitionerName
              ? { id: appointment.practitionerId, name: view.practitionerName }
              : null
          }
          locations={catalogue.locations.map((item) => ({ id: item.id, name: item.name }))}
        />
      ) : null}
      <p>
        <Link href={`/${tenant.slug}/me`}>{t('me.upcoming')}</Link>
      </p>
    </>
  );
}
