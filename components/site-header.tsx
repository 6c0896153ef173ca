import Link from 'next/link';

export interface SiteHeaderProps {
  /** Where the title links to: the clinic's home, or the clinic list. */
  homeHref: string;
  title: string;
}

export function SiteHeader({ homeHref, title }: SiteHeaderProps): React.ReactElement {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href={homeHref}>{title}</Link>
      </div>
    </header>
  );
}
