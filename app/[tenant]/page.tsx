import Link from 'next/link';
import { PasskeySignInButton } from '@/components/passkey-sign-in-button';
import { getPatientSession } from '@/lib/auth/get-session';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant } from '@/lib/server/context';

interface TenantHomeProps {
  params: Promise<{ tenant: string }>;
}

function clinicLocalTime(locale: string, timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(now);
}

export default async function TenantHomePage({ params }: TenantHomeProps): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const { locale, t } = await getTranslator();
  const now = new Date();
  const signedIn = (await getPatientSession(tenant.slug)) !== null;
  return (
    <>
      <h1>{t('home.welcome', { clinic: tenant.displayName })}</h1>
      {signedIn ? (
        <div className="actions">
          <Link className="button" href={`/${tenant.slug}/me`}>
            {t('me.upcoming')}
          </Link>
        </div>
      ) : (
        <nav className="actions actions--stacked" aria-label={t('register.landingNav')}>
          <PasskeySignInButton tenantSlug={tenant.slug} />
          <Link className="button" href={`/${tenant.slug}/login`}>
            {t('login.startCta')}
          </Link>
          <Link className="button button--secondary" href={`/${tenant.slug}/register`}>
            {t('register.cta')}
          </Link>
          <details className="card qr-help">
            <summary>{t('qrLogin.cta')}</summary>
            <p>{t('qrLogin.scanHelp')}</p>
          </details>
        </nav>
      )}
      <section className="card" aria-labelledby="clinic-heading">
        <h2 id="clinic-heading">{t('home.yourClinic')}</h2>
        <p>{t('home.intro')}</p>
        <p className="muted">
          {t('home.clinicTime')}{' '}
          <time dateTime={now.toISOString()}>{clinicLocalTime(locale, tenant.timeZone, now)}</time>
        </p>
        {tenant.contactPhone ? (
          <p>
            {t('home.phone')} <a href={`tel:${tenant.contactPhone.replace(/[^+\d]/g, '')}`}>{tenant.contactPhone}</a>
          </p>
        ) : null}
      </section>
      <p>
        <Link href={`/${tenant.slug}/staff/login`}>{t('login.staffLink')}</Link>
      </p>
    </>
  );
}
