'use client';

import { useState } from 'react';
import { useTranslations } from 'use-intl';
import type { DeskBoardRow, RowState } from '@/lib/checkin/desk-board';

/**
 * One appointment on the front-desk board. Presentational: the board passes the row, its state and the
 * action handler. To add a column, add its key to DESK_BOARD_COLUMNS (and its header to the `board.columns`
 * messages) and its cell below; a badge next to the patient's name goes in `badges`.
 *
 * Every button's accessible name starts with its visible text (WCAG 2.5.3 Label in Name): "Mark
 * checked-in: Aisha Brown", so a voice-control user can say what they see.
 */
export const DESK_BOARD_COLUMNS = ['time', 'patient', 'visit', 'practitioner', 'status', 'actions'] as const;

export type DeskRowAction = 'arrive' | 'check-in' | 'noshow' | 'undo-noshow';

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

export function DeskBoardRowView({
  row,
  state,
  checkInTime,
  flash,
  pending,
  onAction,
  badges,
}: DeskBoardRowProps): React.ReactElement {
  const t = useTranslations('board');
  const [confirmingNoShow, setConfirmingNoShow] = useState(false);
  const canArrive = state === 'waiting' || state === 'late' || state === 'missed';
  const canCheckIn = canArrive || state === 'arrived';
  const canMarkNoShow = state === 'late' || state === 'missed';
  const named = (action: string): string => t('actionFor', { action, name: row.patientName });
  const button = (action: DeskRowAction, label: string, secondary: boolean): React.ReactElement => (
    <button
      className={`button button--small${secondary ? ' button--secondary' : ''}`}
      type="button"
      disabled={pending}
      onClick={() => onAction(action)}
      aria-label={named(label)}
    >
      {label}
    </button>
  );
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
        <span className="desk-row__contact muted">
          {row.mrn ? <span>{t('mrn', { mrn: row.mrn })}</span> : null}
          {row.phone ? (
            <a href={`tel:${row.phone}`} aria-label={`${row.phone}: ${t('callPatient', { name: row.patientName })}`}>
              {row.phone}
            </a>
          ) : (
            <span>{t('noPhone')}</span>
          )}
        </span>
      </td>
      <td>
        {row.visitType?.display ?? t('unknownVisit')}
        {row.visitReason ? <span className="desk-reason muted">{row.visitReason}</span> : null}
      </td>
      <td>{row.practitionerName ?? '—'}</td>
      <td>
        <span className={`desk-status desk-status--${state}`}>{t(`state.${state}`)}</span>
        {row.confirmed && state !== 'cancelled' ? (
          <span className="muted desk-row__confirmed"> {t('confirmed')}</span>
        ) : null}
        {row.checkIn ? (
          <span className="muted desk-row__checkin">
            {' '}
            {t('via', { method: t(`method.${row.checkIn.method}`), time: checkInTime ?? '' })}
          </span>
        ) : null}
      </td>
      <td>
        {confirmingNoShow ? (
          <div className="desk-row__confirm" role="group" aria-label={t('confirmNoshow', { name: row.patientName })}>
            <p>{t('confirmNoshow', { name: row.patientName })}</p>
            <div className="desk-row__actions">
              <button
                className="button button--small button--danger"
                type="button"
                disabled={pending}
                onClick={() => {
                  setConfirmingNoShow(false);
                  onAction('noshow');
                }}
              >
                {t('confirmNoshowYes')}
              </button>
              <button
                className="button button--small button--secondary"
                type="button"
                onClick={() => setConfirmingNoShow(false)}
              >
                {t('keep')}
              </button>
            </div>
          </div>
        ) : (
          <div className="desk-row__actions">
            {canArrive ? button('arrive', t('actions.arrive'), true) : null}
            {canCheckIn ? button('check-in', t('actions.checkIn'), false) : null}
            {canMarkNoShow ? (
              <button
                className="button button--small button--secondary"
                type="button"
                disabled={pending}
                onClick={() => setConfirmingNoShow(true)}
                aria-label={named(t('actions.noshow'))}
              >
                {t('actions.noshow')}
              </button>
            ) : null}
            {state === 'noshow' ? button('undo-noshow', t('actions.undoNoshow'), true) : null}
          </div>
        )}
      </td>
    </tr>
  );
}
