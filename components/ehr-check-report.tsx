import type { RenderedCheckItem } from '@/lib/i18n/ehr-check-text';

/** The last EHR check as the page words it (lib/i18n/ehr-check-text.ts), in the reader's language. */
export interface EhrCheckReportView {
  checkedAt: string;
  bookingAllowed: boolean;
  items: RenderedCheckItem[];
}

export interface EhrCheckReportLabels {
  bookingOn: string;
  bookingOff: string;
  checked: string;
  optional: string;
  itemStatus: Record<RenderedCheckItem['status'], string>;
  /** "Missing: Granted scope", from the item's status word and title. */
  itemTitle: (status: string, title: string) => string;
}

/** The last EHR check: the verdict, then each item with what to do about it. */
export function EhrCheckReport({
  report,
  labels,
  locale,
}: {
  report: EhrCheckReportView;
  labels: EhrCheckReportLabels;
  locale: string;
}): React.ReactElement {
  return (
    <>
      <p role="status" className={report.bookingAllowed ? undefined : 'form-error'}>
        {report.bookingAllowed ? labels.bookingOn : labels.bookingOff}
      </p>
      <p className="muted">
        {labels.checked}{' '}
        <time dateTime={report.checkedAt}>
          {new Date(report.checkedAt).toLocaleString(locale, { timeZone: 'UTC', timeZoneName: 'short' })}
        </time>
      </p>
      <ul className="ehr-check">
        {report.items.map((item) => (
          <li key={item.key} data-status={item.status}>
            <strong>{labels.itemTitle(labels.itemStatus[item.status], item.title)}</strong>
            {item.required ? null : <span className="muted"> {labels.optional}</span>}
            <p>{item.detail}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
