import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PasskeyList } from '@/components/passkey-list';
import { StaffSecuritySettings } from '@/components/staff/staff-security-settings';
import { listPasskeys } from '@/lib/auth/passkeys/list-passkeys';
import { staffPasskeyActor } from '@/lib/auth/passkeys/passkey-owner';
import { listStaffMembers } from '@/lib/auth/staff-second-factor/list-staff-members';
import { listedPasskeys } from '@/lib/server/listed-passkeys';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant, staffPageContext } from '@/lib/server/context';
import { formatLocalDate } from '@/lib/time/format';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('staff.security.title') };
}

/** A staff member's own passkeys; for administrators, the clinic's passkey rule and each colleague's reset. */
export default async function StaffPasskeysPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug);
  if (!context) redirect(`/${tenant.slug}/staff/login`);
  const { session, deps } = context;
  const { locale, t } = await getTranslator();
  const actor = staffPasskeyActor({ tenant, claims: session, origin: context.actor.origin });
  const [passkeys, members] = await Promise.all([
    listPasskeys(deps.database, actor.owner),
    session.role === 'admin' ? listStaffMembers(deps.database, { tenantId: tenant.id }) : Promise.resolve([]),
  ]);
  return (
    <>
      <h1>{t('staff.security.title')}</h1>
      <section className="card" aria-labelledby="own-passkeys-heading">
        <h2 id="own-passkeys-heading">{t('staff.security.yours')}</h2>
        <PasskeyList
          tenantSlug={tenant.slug}
          passkeys={listedPasskeys(passkeys, { timeZone: tenant.timeZone, locale, t })}
          owner={{ kind: 'staff', needsCode: session.secondFactor !== 'passkey' }}
        />
      </section>
      {session.role === 'admin' ? (
        <section className="card" aria-labelledby="clinic-passkeys-heading">
          <h2 id="clinic-passkeys-heading">{t('staff.menu.security')}</h2>
          <StaffSecuritySettings
            tenantSlug={tenant.slug}
            passkeysRequiredFor={tenant.staffSecurity.passkeysRequiredFor}
            members={members.map((member) => ({
              id: member.id,
              displayName: member.displayName,
              role: t(`staff.role.${member.role}`),
              passkeys: member.passkeys,
              lastUse: member.lastPasskeyUse
                ? t('staff.security.lastUse', {
                    date: formatLocalDate(member.lastPasskeyUse, tenant.timeZone, locale),
                  })
                : null,
              codeWaiting: member.codeWaiting,
              you: member.id === session.accountId,
            }))}
          />
        </section>
      ) : null}
    </>
  );
}
