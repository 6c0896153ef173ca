import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { AddDependentForm } from '@/components/add-dependent-form';
import { CheckInButton } from '@/components/check-in-button';
import { LogoutEverywhereButton } from '@/components/logout-everywhere-button';
import { SignOutButton } from '@/components/sign-out-button';
import { checkInCardState } from '@/lib/checkin/effective-settings';
import { AppError } from '@/lib/errors';
import { getTranslator } from '@/lib/server/locale';
import { getPatientOverview } from '@/lib/patients/get-patient-overview';
import { formatLocalDate, formatLocalTime } from '@/lib/time/format';
import { loadTenant, patientPageContext } from '@/lib/server/context';

export const metadata: Metadata = { title: 'My appointments' };

interface PatientHomeProps {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/**
 * The patient's home. `?for=<EHR patient id>` (an opaque id, never a name or MRN) narrows it to one
 * person they may act for; the use-case re-checks the link in the EHR on every request.
 */
export default async function PatientHomePage({ params, searchParams }: PatientHomeProps): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await patientPageContext(tenant.slug);
  if (!context) redirect(`/${tenant.slug}/login`);
  const { session, actor, deps } = context;
  const [{ locale, t }, query] = await Promise.all([getTranslator(), searchParams]);
  const forPatientId = typeof query.for === 'string' && /^[A-Za-z0-9.-]{1,64}$/.test(query.for) ? query.for : undefined;
  if (typeof query.for === 'string' && query.for !== '' && !forPatientId) notFound();
  const overview = await getPatientOverview(deps, {
    tenant,
    accountId: session.accountId,
    patientId: session.patientId,
    forPatientId,
    origin: actor.origin,
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  const { patient, dependents, actingFor, upcoming, past } = overview;
  const people = [patient, ...dependents.map((dependent) => dependent.patient)];
  // The booking pages keep "who" as a position in this same list (self first).
  const bookFor = actingFor ? people.findIndex((person) => person.id === actingFor.id) : 0;
  const now = new Date();
  const checkIn = (appointment: (typeof upcoming)[number]['appointment']): React.ReactElement | null => {
    const state = checkInCardState(tenant, appointment, now);
    return state ? (
      <CheckInButton tenantSlug={tenant.slug} appointmentId={appointment.id} checkedIn={state === 'done'} />
    ) : null;
  };

  return (
    <>
      <h1>{t('me.hello', { name: patient.name.given || patient.name.display })}</h1>
      {patient.mrn ? <p className="muted">{t('me.yourMrn', { mrn: patient.mrn })}</p> : null}

      {dependents.length > 0 ? (
        <form className="card form form--inline" method="get">
          <div className="field">
            <label htmlFor="acting-for">{t('actingFor.label')}</label>
            <select id="acting-for" name="for" defaultValue={actingFor?.id ?? ''}>
              <option value="">{t('actingFor.everyone')}</option>
              {people.map((person, index) => (
                <option key={person.id} value={person.id}>
                  {index === 0 ? t('booking.me', { name: person.name.display }) : person.name.display}
                </option>
              ))}
            </select>
          </div>
          <button className="button button--secondary" type="submit">
            {t('actingFor.show')}
          </button>
        </form>
      ) : null}
      {actingFor && actingFor.id !== patient.id ? (
        <p role="status">{t('actingFor.now', { name: actingFor.name.display })}</p>
      ) : null}

      <div className="actions">
        <Link className="button" href={`/${tenant.slug}/book${bookFor > 0 ? `?for=${bookFor}` : ''}`}>
          {actingFor && actingFor.id !== patient.id
            ? t('actingFor.bookFor', { name: actingFor.name.given || actingFor.name.display })
            : t('booking.bookNew')}
        </Link>
        <Link className="button button--secondary" href={`/${tenant.slug}/me/profile`}>
          {t('profile.link')}
        </Link>
        <Link className="button button--secondary" href={`/${tenant.slug}/me/insurance`}>
          {t('insurance.title')}
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
                    <strong>{formatLocalDate(appointment.start, tenant.timeZone, locale)}</strong>,{' '}
                    {formatLocalTime(appointment.start, tenant.timeZone, locale)}
                  </Link>{' '}
                  · {patientName}
                </p>
                <p className="muted">
                  {[location?.name, practitionerName ? t('me.with', { practitioner: practitionerName }) : null]
                    .filter(Boolean)
                    .join(' · ')}
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
                    {formatLocalDate(appointment.start, tenant.timeZone, locale)},{' '}
                    {formatLocalTime(appointment.start, tenant.timeZone, locale)}
                  </Link>{' '}
                  · {patientName}
                </p>
                <p className="muted">
                  {[location?.name, t('me.status', { status: appointment.status })].filter(Boolean).join(' · ')}
                </p>
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
              <li key={dependent.patient.id}>
                <Link href={`/${tenant.slug}/me?for=${encodeURIComponent(dependent.patient.id)}`}>
                  {dependent.patient.name.display}
                </Link>
              </li>
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
