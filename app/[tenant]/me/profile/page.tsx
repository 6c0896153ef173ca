import type { Metadata } from 'next';
import { ContactDetailsForm } from '@/components/contact-details-form';
import { formatPostalAddress } from '@/lib/scheduling/address';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LogoutEverywhereButton } from '@/components/logout-everywhere-button';
import { PreferencesForm } from '@/components/preferences-form';
import { PasskeyList } from '@/components/passkey-list';
import { QrCodeManager } from '@/components/qr-code-manager';
import { listPasskeys } from '@/lib/auth/passkeys/list-passkeys';
import { patientPasskeyActor } from '@/lib/auth/passkeys/passkey-owner';
import { getTranslator } from '@/lib/server/locale';
import { listedPasskeys } from '@/lib/server/listed-passkeys';
import { getPatientProfile } from '@/lib/identity/patient/get-patient-profile';
import { formatLocalDate } from '@/lib/time/format';
import { loadTenant, patientPageContext } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('profile.title') };
}

/** Contact preference, language, the QR code, the people in one's care, log out everywhere. */
export default async function ProfilePage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await patientPageContext(tenant.slug);
  if (!context) redirect(`/${tenant.slug}/login`);
  const { actor, deps } = context;
  const { locale, t } = await getTranslator();
  const [profile, passkeys] = await Promise.all([
    getPatientProfile(deps, actor),
    listPasskeys(deps.database, patientPasskeyActor(actor).owner),
  ]);
  const date = (iso: string | null): string | null => (iso ? formatLocalDate(iso, tenant.timeZone, locale) : null);

  return (
    <>
      <h1>{t('profile.title')}</h1>
      <p>
        {profile.name}
        {profile.mrn ? <span className="muted"> · {t('me.yourMrn', { mrn: profile.mrn })}</span> : null}
      </p>

      <section className="card" aria-labelledby="preferences-heading">
        <h2 id="preferences-heading">{t('profile.preferences')}</h2>
        <PreferencesForm
          tenantSlug={tenant.slug}
          contacts={profile.contacts}
          preferredChannel={profile.preferences.preferredChannel}
          preferredLocale={profile.preferences.preferredLocale ?? locale}
        />
      </section>

      <section className="card" aria-labelledby="contact-heading">
        <h2 id="contact-heading">{t('profile.contactTitle')}</h2>
        <p>
          {t.rich('profile.onFile', {
            // Each masked contact on one line (a phone must not break at its hyphens); the address may wrap.
            contacts: () =>
              [
                ...profile.contacts.map((contact) => (
                  <span key={contact.masked} className="nowrap">
                    {contact.masked}
                  </span>
                )),
                formatPostalAddress(profile.address) || null,
              ]
                .filter(Boolean)
                .flatMap((item, index) => (index === 0 ? [item] : [' · ', item])),
          })}
        </p>
        <ContactDetailsForm
          tenantSlug={tenant.slug}
          address={{
            line: profile.address?.lines.join(', ') ?? '',
            city: profile.address?.city ?? '',
            state: profile.address?.state ?? '',
            postalCode: profile.address?.postalCode ?? '',
          }}
        />
      </section>

      <section className="card" aria-labelledby="qr-heading">
        <h2 id="qr-heading">{t('profile.qrTitle')}</h2>
        <QrCodeManager
          tenantSlug={tenant.slug}
          active={profile.qr.active}
          expires={date(profile.qr.expiresAt)}
          lastUsed={date(profile.qr.lastUsedAt)}
        />
      </section>

      <section className="card" aria-labelledby="passkeys-heading">
        <h2 id="passkeys-heading">{t('passkeys.title')}</h2>
        <PasskeyList
          tenantSlug={tenant.slug}
          passkeys={listedPasskeys(passkeys, { timeZone: tenant.timeZone, locale, t })}
        />
      </section>

      <section className="card" aria-labelledby="profile-dependents-heading">
        <h2 id="profile-dependents-heading">{t('me.dependents')}</h2>
        {profile.dependents.length === 0 ? (
          <p>{t('me.noDependents')}</p>
        ) : (
          <ul>
            {profile.dependents.map((dependent) => (
              <li key={dependent.id}>
                <Link href={`/${tenant.slug}/me?for=${encodeURIComponent(dependent.id)}`}>{dependent.name}</Link>
                {dependent.mrn ? <span className="muted"> · {t('profile.mrn', { mrn: dependent.mrn })}</span> : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link href={`/${tenant.slug}/me`}>{t('profile.addDependentOnHome')}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('profile.sessions')}</h2>
        <p>{t('profile.sessionsHint')}</p>
        <LogoutEverywhereButton tenantSlug={tenant.slug} label={t('me.logoutEverywhere')} />
      </section>
    </>
  );
}
