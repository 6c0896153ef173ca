import type { DeskBoardRow, RowState } from '@/lib/checkin/desk-board';

/**
 * One appointment on the front-desk board. Presentational: the board passes the row, its state and the
 * action handler. To add a column, add its header to DESK_BOARD_COLUMNS and its cell below; a badge
 * next to the patient's name goes in `badges`.
 */
export const DESK_BOARD_COLUMNS = ['Time', 'Patient', 'Practitioner', 'Status', 'Actions'] as const;

export type DeskRowAction = 'arrive' | 'check-in' | 'noshow';

export interface DeskBoardRowProps {
  row: DeskBoardRow;
  state: RowState;
  /** Local time of the check-in, e.g. "9:41 AM". */
  checkInTime: string | null;
  /** Just changed live: highlighted for a few seconds. */
  flash: boolean;
  pending: boolean;
  onAction: (action: DeskRowAction) => void;
  /** Extra badges shown with the patient (e.g. insurance eligibility). */
  badges?: React.ReactNode;
}

export const ROW_STATE_LABELS: Record<RowState, string> = {
  waiting: 'Not yet arrived',
  late: 'Late',
  arrived: 'Arrived',
  'checked-in': 'Checked in',
  noshow: 'No-show',
  done: 'Done',
  cancelled: 'Cancelled',
};

const METHOD_LABELS: Record<NonNullable<DeskBoardRow['checkIn']>['method'], string> = {
  geofence: 'phone',
  qr: 'lobby QR',
  desk: 'desk',
};

export function DeskBoardRowView({
  row,
  state,
  checkInTime,
  flash,
  pending,
  onAction,
  badges,
}: DeskBoardRowProps): React.ReactElement {
  const canArrive = state === 'waiting' || state === 'late';
  const canCheckIn = canArrive || state === 'arrived';
  return (
    <tr
      className={`desk-row desk-row--${state}${flash ? ' desk-row--flash' : ''}`}
      data-appointment-id={row.appointmentId}
      data-state={state}
    >
      <td>{row.timeLabel}</td>
      <td>
        <span className="desk-row__name">{row.patientName}</span>
        {row.age !== null ? <span className="muted">, {row.age}</span> : null}
        {badges ? <span className="desk-row__badges">{badges}</span> : null}
      </td>
      <td>{row.practitionerName ?? '—'}</td>
      <td>
        <span className={`desk-status desk-status--${state}`}>{ROW_STATE_LABELS[state]}</span>
        {row.checkIn ? (
          <span className="muted desk-row__checkin">
            {' '}
            via {METHOD_LABELS[row.checkIn.method]}
            {checkInTime ? ` at ${checkInTime}` : ''}
          </span>
        ) : null}
      </td>
      <td>
        <div className="desk-row__actions">
          {canArrive ? (
            <button
              className="button button--small button--secondary"
              type="button"
              disabled={pending}
              onClick={() => onAction('arrive')}
              aria-label={`Check in ${row.patientName} at the desk`}
            >
              Check in
            </button>
          ) : null}
          {canCheckIn ? (
            <button
              className="button button--small"
              type="button"
              disabled={pending}
              onClick={() => onAction('check-in')}
              aria-label={`Mark ${row.patientName} checked in`}
            >
              Mark checked-in
            </button>
          ) : null}
          {canArrive ? (
            <button
              className="button button--small button--secondary"
              type="button"
              disabled={pending}
              onClick={() => onAction('noshow')}
              aria-label={`Mark ${row.patientName} as no-show`}
            >
              No-show
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
