import Link from 'next/link';

export interface StaffMenuItem {
  href: string;
  label: string;
}

export interface StaffMenuProps {
  label: string;
  items: StaffMenuItem[];
  /** The path of the page shown, so its item is marked current. */
  currentPath: string;
}

/** The staff pages' navigation: the items the signed-in role may open, the current one marked. */
export function StaffMenu({ label, items, currentPath }: StaffMenuProps): React.ReactElement {
  const current = items
    .filter((item) => currentPath === item.href || currentPath.startsWith(`${item.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav className="staff-menu" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={item === current ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
