'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'use-intl';

export interface PatientMenuProps {
  tenantSlug: string;
}

type Section = 'home' | 'book' | 'insurance' | 'profile';

/** Which section a patient page belongs to (an appointment's page belongs to Home). */
function sectionOf(pathname: string, tenantSlug: string): Section | null {
  const rest = pathname.slice(`/${tenantSlug}`.length);
  if (rest.startsWith('/me/insurance')) return 'insurance';
  if (rest.startsWith('/me/profile')) return 'profile';
  if (rest.startsWith('/book')) return 'book';
  if (rest === '/me' || rest.startsWith('/appointments')) return 'home';
  return null;
}

/** The signed-in patient's menu: Home, Book, Insurance, Profile; the current one is marked. */
export function PatientMenu({ tenantSlug }: PatientMenuProps): React.ReactElement {
  const t = useTranslations('patientMenu');
  const current = sectionOf(usePathname(), tenantSlug);
  const items: { section: Section; href: string }[] = [
    { section: 'home', href: `/${tenantSlug}/me` },
    { section: 'book', href: `/${tenantSlug}/book` },
    { section: 'insurance', href: `/${tenantSlug}/me/insurance` },
    { section: 'profile', href: `/${tenantSlug}/me/profile` },
  ];
  return (
    <nav className="patient-menu" aria-label={t('label')}>
      <ul>
        {items.map(({ section, href }) => (
          <li key={section}>
            <Link href={href} aria-current={current === section ? 'page' : undefined}>
              {t(section)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
