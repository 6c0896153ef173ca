'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { checkinApi } from '@/lib/api/checkin';
import { callApi } from '@/lib/api/client';
import {
  applyDeskEvent,
  BOARD_FILTERS,
  matchesBoardQuery,
  rowState,
  type BoardFilter,
  type BoardQuery,
  type DeskBoardData,
  type LiveDeskEvent,
} from '@/lib/checkin/desk-board';
import { DESK_BOARD_COLUMNS, DeskBoardRowView } from './desk-board-row';
import { EligibilityCheck } from './eligibility-check';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';

export interface DeskBoardProps {
  tenantSlug: string;
  initial: DeskBoardData;
}

const RELOAD_MS = 5 * 60_000;
const FLASH_MS = 6_000;
const RECONNECT_MS = 3_000;

function timeIn(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

const FILTER_NAMES = Object.keys(BOARD_FILTERS) as BoardFilter[];

/**
 * Today's appointments, live: server-sent events (resuming after the last event id on every
 * reconnect) update rows as patients arrive; a reload every few minutes picks up new bookings and the
 * next day. Arrivals are highlighted and announced to screen readers.
 */
export function DeskBoard({ tenantSlug, initial }: DeskBoardProps): React.ReactElement {
  const t = useTranslations('board');
  const locale = useLocale();
  const ids = useId();
  const queryClient = useQueryClient();
  const queryKey = ['desk-board', tenantSlug];
  const { data: board = initial } = useQuery({
    queryKey,
    queryFn: ({ signal }): Promise<DeskBoardData> =>
      callApi(checkinApi.deskBoard, {
        params: { tenant: tenantSlug },
        signal,
        fallbackMessage: t('reloadFailed'),
      }),
    initialData: initial,
    staleTime: RELOAD_MS,
    refetchInterval: RELOAD_MS,
  });
  const lastEventId = useRef(initial.lastEventId);
  const [connected, setConnected] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [flashing, setFlashing] = useState<ReadonlySet<string>>(new Set());
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    if (BigInt(board.lastEventId) > BigInt(lastEventId.current)) lastEventId.current = board.lastEventId;
  }, [board.lastEventId]);

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const onEvent = useCallback(
    (event: LiveDeskEvent): void => {
      if (BigInt(event.id) > BigInt(lastEventId.current)) lastEventId.current = event.id;
      const current = queryClient.getQueryData<DeskBoardData>(['desk-board', tenantSlug]) ?? initial;
      const { board: next, row } = applyDeskEvent(current, event);
      queryClient.setQueryData(['desk-board', tenantSlug], next);
      if (!row) {
        void queryClient.invalidateQueries({ queryKey: ['desk-board', tenantSlug] });
        return;
      }
      if (event.status === 'arrived') {
        setAnnouncement(t('arrivedAnnouncement', { name: row.patientName, time: row.timeLabel }));
        setFlashing((previous) => new Set(previous).add(row.appointmentId));
        setTimeout(() => {
          setFlashing((previous) => {
            const remaining = new Set(previous);
            remaining.delete(row.appointmentId);
            return remaining;
          });
        }, FLASH_MS);
      }
    },
    [queryClient, tenantSlug, initial, t],
  );

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = (): void => {
      // The browser resends Last-Event-ID on its own reconnects; a fresh connection resumes with ?after=.
      source = new EventSource(`/api/${tenantSlug}/desk/events?after=${encodeURIComponent(lastEventId.current)}`);
      source.addEventListener('open', () => setConnected(true));
      source.addEventListener('desk', (message) => {
        const event = checkinApi.deskEvents.response.safeParse(JSON.parse((message as MessageEvent<string>).data));
        if (event.success) onEvent(event.data);
      });
      source.addEventListener('error', () => {
        setConnected(false);
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(open, RECONNECT_MS);
        }
      });
    };
    // A laptop that changes networks can leave a dead stream open for minutes: drop it and resume at once.
    const offline = (): void => {
      clearTimeout(retry);
      source?.close();
      setConnected(false);
    };
    const online = (): void => {
      offline();
      open();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, [tenantSlug, onEvent]);

  const action = useApiMutation(checkinApi.deskAction, {
    fallbackMessage: t('actionFailed'),
    onSuccess: (result) => setAnnouncement(result.message),
  });
  const [query, setQuery] = useState<BoardQuery>({ search: '', show: 'all', practitioner: '' });
  const clinicians = [
    ...new Set(
      board.locations.flatMap((location) =>
        location.rows.map((row) => row.practitionerName).filter((name): name is string => name !== null),
      ),
    ),
  ].sort((a, b) => a.localeCompare(b, locale));

  const dateLabel = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  }).format(new Date(`${board.date}T12:00:00Z`));
  return (
    <>
      <p className="muted">{t('dateLine', { date: dateLabel, timeZone: board.timeZone })}</p>
      <p className="muted desk-connection" role="status">
        {connected ? t('live') : t('connecting')}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <details className="desk-help">
        <summary>{t('help.title')}</summary>
        <ul>
          <li>{t('help.arrive')}</li>
          <li>{t('help.checkIn')}</li>
          <li>{t('help.noshow')}</li>
        </ul>
      </details>
      <form className="desk-filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={`${ids}-search`}>{t('search')}</label>
          <input
            id={`${ids}-search`}
            type="search"
            value={query.search}
            autoComplete="off"
            onChange={(event) => setQuery({ ...query, search: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-show`}>{t('show')}</label>
          <select
            id={`${ids}-show`}
            value={query.show}
            onChange={(event) => setQuery({ ...query, show: event.target.value as BoardFilter })}
          >
            {FILTER_NAMES.map((name) => (
              <option key={name} value={name}>
                {t(`filter.${name}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-practitioner`}>{t('practitioner')}</label>
          <select
            id={`${ids}-practitioner`}
            value={query.practitioner}
            onChange={(event) => setQuery({ ...query, practitioner: event.target.value })}
          >
            <option value="">{t('anyPractitioner')}</option>
            {clinicians.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <FormError message={action.errorMessage} />
      {board.locations.length === 0 ? <p>{t('noLocations')}</p> : null}
      {board.locations.map((location) => {
        const rows = location.rows.map((row) => ({ row, state: rowState(row, now) }));
        const shown = rows.filter(({ row, state }) => matchesBoardQuery(row, state, query));
        const count = (...states: string[]): number => rows.filter(({ state }) => states.includes(state)).length;
        return (
          <section key={location.id} className="desk-location" aria-labelledby={`desk-${location.id}`}>
            <h2 id={`desk-${location.id}`}>{location.name}</h2>
            <p className="muted">
              {t('summary', { late: count('late'), waiting: count('waiting'), here: count('arrived', 'checked-in') })}
              {shown.length !== rows.length ? ` · ${t('shown', { shown: shown.length, total: rows.length })}` : null}
            </p>
            <div
              className="table-scroll"
              role="region"
              aria-label={t('tableLabel', { location: location.name })}
              tabIndex={0}
            >
              <table className="table desk-table">
                <thead>
                  <tr>
                    {DESK_BOARD_COLUMNS.map((column) => (
                      <th key={column} scope="col">
                        {t(`columns.${column}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shown.length === 0 ? (
                    <tr>
                      <td colSpan={DESK_BOARD_COLUMNS.length}>
                        {rows.length === 0 ? t('noAppointments') : t('noMatches')}
                      </td>
                    </tr>
                  ) : (
                    shown.map(({ row, state }) => (
                      <DeskBoardRowView
                        key={row.appointmentId}
                        row={row}
                        state={state}
                        checkInTime={row.checkIn ? timeIn(row.checkIn.at, board.timeZone, locale) : null}
                        flash={flashing.has(row.appointmentId)}
                        pending={action.isPending && action.variables?.params.id === row.appointmentId}
                        onAction={(name) =>
                          action.mutate({
                            params: { tenant: tenantSlug, id: row.appointmentId },
                            body: { action: name },
                          })
                        }
                        badges={
                          <EligibilityCheck
                            key={`${row.appointmentId}:${row.eligibility ?? 'none'}`}
                            tenantSlug={tenantSlug}
                            appointmentId={row.appointmentId}
                            status={row.eligibility ?? null}
                            patientName={row.patientName}
                          />
                        }
                      />
                    ))
                  )}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </>
  );
}
