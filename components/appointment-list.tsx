import Link from 'next/link';

export interface AppointmentListItem {
  id: string;
  href: string;
  /** Already formatted in the clinic's time zone and the reader's language. */
  month: string;
  when: string;
  patientName: string;
  serviceName: string | null;
  /** Location, clinician, status: shown muted under the time. */
  facts: string[];
  /** "Book again", for history. */
  bookAgain?: { href: string; label: string } | undefined;
  /** Extra content (e.g. the check-in button). */
  extra?: React.ReactNode;
}

export interface AppointmentListProps {
  items: AppointmentListItem[];
  /** Where "show more" leads (the same page with a longer list), when there are more. */
  more?: { href: string; label: string } | undefined;
}

/** Appointments grouped by month, each naming the visit type, who it is for, where and its status. */
export function AppointmentList({ items, more }: AppointmentListProps): React.ReactElement {
  const months: { month: string; items: AppointmentListItem[] }[] = [];
  for (const item of items) {
    const last = months.at(-1);
    if (last && last.month === item.month) last.items.push(item);
    else months.push({ month: item.month, items: [item] });
  }
  return (
    <>
      {months.map((group) => (
        <div key={group.month}>
          <h3 className="month-heading">{group.month}</h3>
          <ul className="card-list">
            {group.items.map((item) => (
              <li key={item.id} className="appointment">
                <p>
                  <Link href={item.href}>
                    <strong>{item.when}</strong>
                  </Link>{' '}
                  · {item.patientName}
                </p>
                {item.serviceName ? <p>{item.serviceName}</p> : null}
                <p className="muted">{item.facts.join(' · ')}</p>
                {item.bookAgain ? (
                  <p>
                    <Link href={item.bookAgain.href}>{item.bookAgain.label}</Link>
                  </p>
                ) : null}
                {item.extra}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {more ? (
        <p>
          <Link className="button button--secondary" href={more.href}>
            {more.label}
          </Link>
        </p>
      ) : null}
    </>
  );
}
