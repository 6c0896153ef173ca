import { loadTenant } from './load-tenant';

interface TenantHomeProps {
  params: Promise<{ tenant: string }>;
}

function clinicLocalTime(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(now);
}

export default async function TenantHomePage({ params }: TenantHomeProps): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  return (
    <>
      <h1>Welcome to {tenant.displayName}</h1>
      <section className="card" aria-labelledby="clinic-heading">
        <h2 id="clinic-heading">Your clinic</h2>
        <p>Book, change or cancel your visits and check in when you arrive, for yourself and the people in your care.</p>
        <p className="muted">
          Clinic time: <time dateTime={new Date().toISOString()}>{clinicLocalTime(tenant.timeZone, new Date())}</time>
        </p>
        {tenant.contactPhone ? (
          <p>
            Phone: <a href={`tel:${tenant.contactPhone.replace(/[^+\d]/g, '')}`}>{tenant.contactPhone}</a>
          </p>
        ) : null}
      </section>
    </>
  );
}
