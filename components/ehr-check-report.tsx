import type { ResponseOf } from '@/lib/api/endpoint';
import type { onboardingApi } from '@/lib/api/onboarding';

export type EhrCheckReportView = ResponseOf<typeof onboardingApi.runEhrCheck>;

const STATUS_LABELS: Record<EhrCheckReportView['items'][number]['status'], string> = {
  ok: 'OK',
  missing: 'Missing',
  wrong: 'Wrong',
  skipped: 'Not tested',
};

/** The last EHR check: the verdict, then each item with what to do about it. */
export function EhrCheckReport({ report }: { report: EhrCheckReportView }): React.ReactElement {
  return (
    <>
      <p role="status" className={report.bookingAllowed ? undefined : 'form-error'}>
        {report.bookingAllowed
          ? 'Patients can book, change and cancel visits online.'
          : 'Online booking is off: patients are asked to call the clinic until the items marked ' +
            '"Missing" or "Wrong" are fixed and the check passes.'}
      </p>
      <p className="muted">
        Checked <time dateTime={report.checkedAt}>{new Date(report.checkedAt).toUTCString()}</time>
      </p>
      <ul className="ehr-check">
        {report.items.map((item) => (
          <li key={item.key} data-status={item.status}>
            <strong>
              {STATUS_LABELS[item.status]}: {item.title}
            </strong>
            {item.required ? null : <span className="muted"> (optional)</span>}
            <p>{item.detail}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
