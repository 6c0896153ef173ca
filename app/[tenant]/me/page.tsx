import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { AddDependentForm } from '@/components/add-dependent-form';
import { AppointmentList, type AppointmentListItem } from '@/components/appointment-list';
import { CheckInButton } from '@/components/check-in-button';
import { LogoutEverywhereButton } from '@/components/logout-everywhere-button';
import { SignOutButton } from '@/components/sign-out-button';
import { checkInCardState } from '@/lib/checkin/effective-settings';
import { bookAgainPath } from '@/lib/booking/service-name';
import { AppError } from '@/lib/errors';
import { appointmentStatusKey } from '@/lib/i18n/appointment-status';
import { getTranslator } from '@/lib/server/locale';
import { getPatientOverview, type AppointmentView } from '@/lib/patients/get-patient-overview';
import { formatLocalDateTime, formatLocalMonth } from '@/lib/time/format';
import { loadTenant, patientPageContext } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('me.title') };
}

/** Appointments shown per list before "show more". */
const PAGE_SIZE = 10;

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
    locale,
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  const { patient, dependents, actingFor, upcoming, past } = overview;
  const people = [patient, ...dependents.map((dependent) => dependent.patient)];
  // The booking pages keep "who" as a position in this same list (self first).
  const bookFor = actingFor ? people.findIndex((person) => person.id === actingFor.id) : 0;
  const now = new Date();
  const checkIn = (appointment: AppointmentView['appointment']): React.ReactElement | null => {
    const state = checkInCardState(tenant, appointment, now);
    return state ? (
      <CheckInButton tenantSlug={tenant.slug} appointmentId={appointment.id} checkedIn={state === 'done'} />
    ) : null;
  };
  const shown = (name: string): number => {
    const value = query[name];
    return typeof value === 'string' && /^\d{1,3}$/.test(value) ? Math.max(PAGE_SIZE, Number(value)) : PAGE_SIZE;
  };
  const upcomingShown = shown('upcoming');
  const historyShown = shown('history');
  const moreHref = (list: 'upcoming' | 'history', count: number): string => {
    const next = new URLSearchParams({
      ...(forPatientId ? { for: forPatientId } : {}),
      ...(list === 'upcoming' ? { upcoming: String(count) } : { upcoming: String(upcomingShown) }),
      ...(list === 'history'
        ? { history: String(count) }
        : historyShown > PAGE_SIZE
          ? { history: String(historyShown) }
          : {}),
    });
    return `/${tenant.slug}/me?${next.toString()}#${list === 'upcoming' ? 'upcoming-heading' : 'past-heading'}`;
  };
  const listItem = (view: AppointmentView, history: boolean): AppointmentListItem => {
    const { appointment } = view;
    const status = t('me.status', {
      status: view.awaitingClinicSystem
        ? t('booking.awaitingClinicSystem')
        : t(appointmentStatusKey(appointment.status)),
    });
    return {
      id: appointment.id,
      href: `/${tenant.slug}/appointments/${appointment.id}`,
      month: formatLocalMonth(appointment.start, tenant.timeZone, locale),
      when: formatLocalDateTime(appointment.start, tenant.timeZone, locale),
      patientName: view.patientName,
      serviceName: view.serviceName,
      facts: [
        view.location?.name,
        view.practitionerName ? t('me.with', { practitioner: view.practitionerName }) : null,
        status,
      ].filter((fact): fact is string => Boolean(fact)),
      bookAgain:
        history && view.forIndex >= 0 && appointment.serviceCode
          ? {
              href: bookAgainPath(tenant.slug, {
                forIndex: view.forIndex,
                serviceCode: appointment.serviceCode,
                practitionerId: appointment.practitionerId,
              }),
              label: t('me.bookAgain'),
            }
          : undefined,
      extra: checkIn(appointment),
    };
  };

  return (
    <>
      <h1>{t('me.hello', { name: patient.name.given || patient.name.display })}</h1>
      {patient.mrn ? <p className="muted">{t('me.yourMrn', { mrn: patient.mrn })}</p> : null}

      {dependents.length > 0 ? (
        // Keyed by the person shown, so the choice follows the page when it changes by a link.
        <form key={actingFor?.id ?? 'everyone'} className="card form form--inline" method="get">
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
        {tenant.waitlistSettings.enabled ? (
          <Link className="button button--secondary" href={`/${tenant.slug}/me/waitlist`}>
            {t('waitlist.link')}
          </Link>
        ) : null}
      </div>
      <section className="card" aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t('me.upcoming')}</h2>
        {upcoming.length === 0 ? (
          <p>{t('me.noUpcoming')}</p>
        ) : (
          <AppointmentList
            items={upcoming.slice(0, upcomingShown).map((view) => listItem(view, false))}
            more={
              upcoming.length > upcomingShown
                ? { href: moreHref('upcoming', upcomingShown + PAGE_SIZE), label: t('me.showMore') }
                : undefined
            }
          />
        )}
      </section>

      <section className="card" aria-labelledby="past-heading">
        <h2 id="past-heading">{t('me.history')}</h2>
        {past.length === 0 ? (
          <p>{t('me.noPast')}</p>
        ) : (
          <AppointmentList
            items={past.slice(0, historyShown).map((view) => listItem(view, true))}
            more={
              past.length > historyShown
                ? { href: moreHref('history', historyShown + PAGE_SIZE), label: t('me.showMore') }
                : undefined
            }
          />
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
