import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SlidersHorizontal } from 'lucide-react';
import { ClinicianTimes } from '@/components/clinician-times';
import { getBookingChoices } from '@/lib/booking/get-booking-choices';
import { isExistingPatient } from '@/lib/booking/existing-patient';
import { defaultLanguageFilter, spokenLanguages } from '@/lib/booking/languages';
import { languageName } from '@/lib/i18n/language-name';
import { localizedServices } from '@/lib/booking/service-name';
import { formatLocalDateTime } from '@/lib/time/format';
import { getTranslator } from '@/lib/server/locale';
import { addDays } from '@/lib/time/zoned';
import { localDate, utcOffsetOn } from '@/lib/time/zoned';
import { loadTenant, patientPageContext } from '@/lib/server/context';
import { patientAppointmentOr404 } from '@/lib/server/patient-appointment';

export async function generateMetadata({ searchParams }: BookPageProps): Promise<Metadata> {
  const [{ t }, query] = await Promise.all([getTranslator(), searchParams]);
  return { title: typeof query.reschedule === 'string' ? t('booking.rescheduleTitle') : t('booking.title') };
}

interface BookPageProps {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function text(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value.slice(0, 100) : '';
}

/** Find a time: who, what, where and from when, kept in the URL; results load a page at a time. */
export default async function BookPage({ params, searchParams }: BookPageProps): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await patientPageContext(tenant.slug);
  if (!context) redirect(`/${tenant.slug}/login`);
  const { session, deps } = context;
  const query = await searchParams;
  const { locale, t } = await getTranslator();
  if (tenant.ehrCheck && !tenant.ehrCheck.bookingAllowed) {
    // The clinic's EHR failed its onboarding check: say so before anyone picks a time.
    return (
      <>
        <h1>{t('booking.title')}</h1>
        <p className="card" role="status">
          {t('booking.onlineOff')}
          {tenant.contactPhone ? (
            <>
              {' '}
              <a href={`tel:${tenant.contactPhone.replace(/[^\d+]/g, '')}`}>{tenant.contactPhone}</a>
            </>
          ) : null}
        </p>
      </>
    );
  }
  const choices = await getBookingChoices(deps, { patientId: session.patientId });
  const { acting, locations, practitioners } = choices;
  const services = localizedServices(tenant, locale, choices.services);
  const forIndex =
    /^\d{1,2}$/.test(text(query.for)) && Number(text(query.for)) < acting.allowed.length ? text(query.for) : '0';
  const service = services.some((candidate) => candidate.code === text(query.service)) ? text(query.service) : '';
  const location = locations.some((candidate) => candidate.id === text(query.location)) ? text(query.location) : '';
  const practitioner = practitioners.some((candidate) => candidate.id === text(query.practitioner))
    ? text(query.practitioner)
    : '';
  const from = /^\d{4}-\d{2}-\d{2}$/.test(text(query.from)) ? text(query.from) : '';
  // Language spoken: the one asked for, "any", or (not asked) the patient's own when a clinician speaks it.
  const languages = spokenLanguages(practitioners);
  const asked = text(query.language);
  const forService = practitioners.filter((candidate) =>
    candidate.specialties.some((specialty) => specialty.code === service),
  );
  const defaultLanguage =
    asked || !service
      ? null
      : defaultLanguageFilter(
          acting.account.preferredLanguage,
          practitioners.some((candidate) => candidate.specialties.length > 0) ? forService : practitioners,
        );
  const language = languages.includes(asked) ? asked : (defaultLanguage ?? '');
  const gender = text(query.gender) === 'female' || text(query.gender) === 'male' ? text(query.gender) : '';
  const nameOf = (tag: string): string => languageName(tag, locale, t('clinicians.mandarin'));
  const reschedule = /^[\w-]{1,64}$/.test(text(query.reschedule)) ? text(query.reschedule) : '';
  // Moving a visit: say which one, and when it is now.
  const current = reschedule ? await patientAppointmentOr404(context, reschedule, locale) : null;
  const later = new URLSearchParams({
    for: forIndex,
    service,
    ...(location ? { location } : {}),
    ...(practitioner ? { practitioner } : {}),
    language: language || 'any',
    ...(gender ? { gender } : {}),
    ...(reschedule ? { reschedule } : {}),
    from: addDays(from || localDate(new Date(), tenant.timeZone), 14),
  });
  const showAll = new URLSearchParams({
    for: forIndex,
    service,
    ...(location ? { location } : {}),
    ...(reschedule ? { reschedule } : {}),
    language: 'any',
    ...(from ? { from } : {}),
  });
  const person = acting.allowed[Number(forIndex)];
  // Visit types only existing patients may book online: someone the clinic has not seen is asked to call.
  const mustCall =
    Boolean(service) &&
    !reschedule &&
    tenant.bookingRules.existingPatientsOnly.includes(service) &&
    person !== undefined &&
    !(await isExistingPatient(deps.provider, person.id, new Date()));
  // Nothing free: the clinic's waitlist for this visit type and the two weeks searched (new bookings).
  const waitFrom = from || localDate(new Date(), tenant.timeZone);
  const utcOffset = utcOffsetOn(waitFrom, tenant.timeZone);
  const waitlist =
    tenant.waitlistSettings.enabled && service && !reschedule && person && !mustCall
      ? {
          forPatientId: person.id,
          serviceCode: service,
          fromDay: waitFrom,
          untilDay: addDays(waitFrom, 13),
          utcOffset,
          practitionerId: practitioner || undefined,
          locationId: location || undefined,
        }
      : undefined;
  const summary = [
    services.find((candidate) => candidate.code === service)?.display,
    person && Number(forIndex) > 0 ? person.name.display : null,
    locations.find((candidate) => candidate.id === location)?.name,
    practitioners.find((candidate) => candidate.id === practitioner)?.displayName,
    language ? nameOf(language) : null,
    gender ? t(gender === 'female' ? 'clinicians.female' : 'clinicians.male') : null,
  ].filter(Boolean);

  return (
    <>
      <h1>{reschedule ? t('booking.rescheduleTitle') : t('booking.title')}</h1>
      {current ? (
        <p className="card">
          {t('booking.currentlyBooked', {
            service: current.serviceName ?? '',
            when: formatLocalDateTime(current.appointment.start, tenant.timeZone, locale),
          })}
        </p>
      ) : null}
      <details className="filter-bar card" open={!service}>
        <summary>
          <SlidersHorizontal aria-hidden="true" size={18} />
          <span className="filter-bar__summary">
            {summary.length > 0 ? summary.join(' · ') : t('clinicians.search')}
          </span>
          <span className="filter-bar__change">{t('clinicians.changeSearch')}</span>
        </summary>
        {service ? null : (
          <div className="quick-start">
            {acting.allowed.length > 1 && !reschedule ? (
              <section aria-labelledby="quick-who">
                <h2 id="quick-who" className="quick-start__title">
                  {t('clinicians.quickWho')}
                </h2>
                <ul className="chips">
                  {acting.allowed.map((candidate, index) => (
                    <li key={candidate.id}>
                      <Link
                        className="chip"
                        href={`/${tenant.slug}/book?for=${index}`}
                        aria-current={String(index) === forIndex ? 'true' : undefined}
                      >
                        {index === 0 ? t('booking.me', { name: candidate.name.given }) : candidate.name.given}
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            <section aria-labelledby="quick-what">
              <h2 id="quick-what" className="quick-start__title">
                {t('clinicians.quickWhat')}
              </h2>
              <ul className="chips">
                {services.map((candidate) => (
                  <li key={candidate.code}>
                    <Link
                      className="chip"
                      href={`/${tenant.slug}/book?${new URLSearchParams({
                        for: forIndex,
                        service: candidate.code,
                        ...(reschedule ? { reschedule } : {}),
                      }).toString()}`}
                    >
                      {candidate.display}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          </div>
        )}
        {/* Keyed by the search, so that moving between searches by link shows each one's choices. */}
        <form
          key={[forIndex, service, location, practitioner, language, gender, from].join('|')}
          className="form"
          method="get"
          aria-label={t('booking.title')}
        >
          {reschedule ? <input type="hidden" name="reschedule" value={reschedule} /> : null}
          <div className="field">
            <label htmlFor="book-for">{t('booking.who')}</label>
            <select id="book-for" name="for" defaultValue={forIndex} disabled={Boolean(reschedule)}>
              {acting.allowed.map((person, index) => (
                <option key={person.id} value={String(index)}>
                  {index === 0 ? t('booking.me', { name: person.name.display }) : person.name.display}
                </option>
              ))}
            </select>
            {reschedule ? <input type="hidden" name="for" value={forIndex} /> : null}
          </div>
          <div className="field">
            <label htmlFor="book-service">{t('booking.service')}</label>
            <select id="book-service" name="service" defaultValue={service} required>
              <option value="">{t('booking.chooseService')}</option>
              {services.map((candidate) => (
                <option key={candidate.code} value={candidate.code}>
                  {candidate.display}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="book-location">{t('booking.location')}</label>
            <select id="book-location" name="location" defaultValue={location}>
              <option value="">{t('booking.any')}</option>
              {locations.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="book-practitioner">{t('booking.practitioner')}</label>
            <select id="book-practitioner" name="practitioner" defaultValue={practitioner}>
              <option value="">{t('booking.any')}</option>
              {practitioners.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.displayName}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="book-language">{t('clinicians.language')}</label>
            <select id="book-language" name="language" defaultValue={language || 'any'}>
              <option value="any">{t('clinicians.anyLanguage')}</option>
              {languages.map((tag) => (
                <option key={tag} value={tag}>
                  {nameOf(tag)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="book-gender">{t('clinicians.gender')}</label>
            <select id="book-gender" name="gender" defaultValue={gender}>
              <option value="">{t('clinicians.anyGender')}</option>
              <option value="female">{t('clinicians.female')}</option>
              <option value="male">{t('clinicians.male')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="book-from">{t('booking.from')}</label>
            <input id="book-from" name="from" type="date" defaultValue={from} />
          </div>
          <button className="button" type="submit">
            {t('booking.search')}
          </button>
        </form>
      </details>
      {service && defaultLanguage && !mustCall ? (
        <p className="note" role="note">
          {t('clinicians.languageDefault', { language: nameOf(defaultLanguage) })}{' '}
          <Link href={`/${tenant.slug}/book?${showAll.toString()}`}>{t('clinicians.showAll')}</Link>
        </p>
      ) : null}
      {mustCall ? (
        <p className="card" role="status">
          {t('errors.booking.newPatientsCall')}
          {tenant.contactPhone ? (
            <>
              {' '}
              <a href={`tel:${tenant.contactPhone.replace(/[^\d+]/g, '')}`}>{tenant.contactPhone}</a>
            </>
          ) : null}
        </p>
      ) : service ? (
        <ClinicianTimes
          tenantSlug={tenant.slug}
          query={{
            service,
            ...(location ? { location } : {}),
            ...(practitioner ? { practitioner } : {}),
            ...(language ? { language } : {}),
            ...(gender === 'female' || gender === 'male' ? { gender } : {}),
            ...(from ? { from } : {}),
          }}
          carry={{ for: forIndex, ...(reschedule ? { reschedule } : {}) }}
          laterHref={`/${tenant.slug}/book?${later.toString()}`}
          waitlist={waitlist}
        />
      ) : null}
    </>
  );
}
