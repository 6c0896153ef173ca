import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AddDependentForm } from '@/components/add-dependent-form';
import { CheckInButton } from '@/components/check-in-button';
import { LogoutEverywhereButton } from '@/components/logout-everywhere-button';
import { SignOutButton } from '@/components/sign-out-button';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { getPatientSession } from '@/lib/auth/get-session';
import { checkInCardState } from '@/lib/checkin/check-in-deps';
import { db } from '@/lib/db/client';
import { getTranslator } from '@/lib/i18n/server';
import { getPatientOverview } from '@/lib/patients/get-patient-overview';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import { formatLocalDate, formatLocalTime } from '@/lib/time/format';
import { loadTenant } from '../load-tenant';

export const metadata: Metadata = { title: 'My appointments' };

export default async function PatientHomePage({ params }: { params: Promise<{ tenant: string }> }): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const session = await getPatientSession(tenant.slug);
  if (!session) redirect(`/${tenant.slug}/login`);
  const [{ locale, t }, headerList] = await Promise.all([getTranslator(), headers()]);
  const overview = await getPatientOverview({ database: db(), provider: getSchedulingProvider(tenant) }, { tenant, accountId: session.accountId, patientId: session.patientId, origin: requestOriginFrom(headerList) });
  const { patient, dependents, upcoming, past } = overview;
  const now = new Date();
  const checkIn = (appointment: (typeof upcoming)[number]['appointment']): React.ReactElement | null => {
    const state = checkInCardState(tenant, appointment, now);
    return state ? <CheckInButton tenantSlug={tenant.slug} appointmentId={appointment.id} checkedIn={state === 'done'} /> : null;
  };

  return (
    <>
      <h1>{t('me.hello', { name: patient.name.given || patient.name.display })}</h1>
      {patient.mrn ? <p className="muted">{t('me.yourMrn', { mrn: patient.mrn })}</p> : null}

      <div className="actions">
        <Link className="button" href={`/${tenant.slug}/book`}>
          {t('booking.bookNew')}
        </Link>
      </div>
      <section className="card" aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t('me.upcoming')}</h2>
        {upcoming.length === 0 ? (
          <p>{t('me.noUpcoming')}</p>
        ) : (
          <ul className="card-list">
            {upcoming.map(({ appointment, patientName, location, practitionerName }) => (
              <li key={appointment.id} className="appointment">
                <p>
                  <Link href={`/${tenant.slug}/appointments/${appointment.id}`}>
                    <strong>{formatLocalDate(appointment.start, tenant.timeZone, locale)}</strong>, {formatLocalTime(appointment.start, tenant.timeZone, locale)}
                  </Link>{' '}
                  · {patientName}
                </p>
                <p className="muted">
                  {[location?.name, practitionerName ? t('me.with', { practitioner: practitionerName }) : null].filter(Boolean).join(' · ')}
                </p>
                <p className="muted">{t('me.status', { status: appointment.status })}</p>
                {checkIn(appointment)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="past-heading">
        <h2 id="past-heading">{t('me.past')}</h2>
        {past.length === 0 ? (
          <p>{t('me.noPast')}</p>
        ) : (
          <ul className="card-list">
            {past.map(({ appointment, patientName, location }) => (
              <li key={appointment.id} className="appointment">
                <p>
                  <Link href={`/${tenant.slug}/appointments/${appointment.id}`}>
                    {formatLocalDate(appointment.start, tenant.timeZone, locale)}, {formatLocalTime(appointment.start, tenant.timeZone, locale)}
                  </Link>{' '}
                  · {patientName}
                </p>
                <p className="muted">{[location?.name, t('me.status', { status: appointment.status })].filter(Boolean).join(' · ')}</p>
                {checkIn(appointment)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="dependents-heading">
        <h2 id="dependents-heading">{t('me.dependents')}</h2>
        {dependents.length === 0 ? (
          <p>{t('me.noDependents')}</p>
        ) : (
          <ul>
            {dependents.map((dependent) => (
              <li key={dependent.patient.id}>{dependent.patient.name.display}</li>
            ))}
          </ul>
        )}
        <AddDependentForm tenantSlug={tenant.slug} />
      </section>

      <div className="actions">
        <SignOutButton callbackUrl={`/${tenant.slug}`} label={t('me.logout')} />
        <LogoutEverywhereButton tenantSlug={tenant.slug} label={t('me.logoutEverywhere')} />
      </div>
    </>
  );
}
