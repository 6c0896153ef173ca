'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { checkinApi } from '@/lib/api/checkin';
import { callApi } from '@/lib/api/client';
import { applyDeskEvent, rowState, type DeskBoardData, type LiveDeskEvent } from '@/lib/checkin/desk-board';
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

function timeIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/**
 * Today's appointments, live: server-sent events (resuming after the last event id on every
 * reconnect) update rows as patients arrive; a reload every few minutes picks up new bookings and the
 * next day. Arrivals are highlighted and announced to screen readers.
 */
export function DeskBoard({ tenantSlug, initial }: DeskBoardProps): React.ReactElement {
  const queryClient = useQueryClient();
  const queryKey = ['desk-board', tenantSlug];
  const { data: board = initial } = useQuery({
    queryKey,
    queryFn: ({ signal }): Promise<DeskBoardData> =>
      callApi(checkinApi.deskBoard, {
        params: { tenant: tenantSlug },
        signal,
        fallbackMessage: 'The board could not be reloaded.',
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
        setAnnouncement(`${row.patientName} arrived for ${row.timeLabel}.`);
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
    [queryClient, tenantSlug, initial],
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

  const action = useApiMutation(checkinApi.deskAction, { fallbackMessage: 'That did not work. Please try again.' });

  const dateLabel = new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  }).format(new Date(`${board.date}T12:00:00Z`));
  return (
    <>
      <p className="muted">
        {dateLabel} · times in {board.timeZone}
      </p>
      <p className="muted desk-connection" role="status">
        {connected ? 'Live: arrivals appear as they happen.' : 'Connecting to live updates…'}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <FormError message={action.errorMessage} />
      {board.locations.length === 0 ? <p>No locations are assigned to you.</p> : null}
      {board.locations.map((location) => (
        <section key={location.id} className="desk-location" aria-labelledby={`desk-${location.id}`}>
          <h2 id={`desk-${location.id}`}>{location.name}</h2>
          <p className="muted">
            {location.rows.filter((row) => rowState(row, now) === 'late').length} late ·{' '}
            {location.rows.filter((row) => rowState(row, now) === 'waiting').length} not yet arrived ·{' '}
            {location.rows.filter((row) => ['arrived', 'checked-in'].includes(rowState(row, now))).length} here
          </p>
          <div className="table-scroll" role="region" aria-label={`Appointments at ${location.name}`} tabIndex={0}>
            <table className="table desk-table">
              <thead>
                <tr>
                  {DESK_BOARD_COLUMNS.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {location.rows.length === 0 ? (
                  <tr>
                    <td colSpan={DESK_BOARD_COLUMNS.length}>No appointments today.</td>
                  </tr>
                ) : (
                  location.rows.map((row) => (
                    <DeskBoardRowView
                      key={row.appointmentId}
                      row={row}
                      state={rowState(row, now)}
                      checkInTime={row.checkIn ? timeIn(row.checkIn.at, board.timeZone) : null}
                      flash={flashing.has(row.appointmentId)}
                      pending={action.isPending && action.variables?.params.id === row.appointmentId}
                      onAction={(name) =>
                        action.mutate({ params: { tenant: tenantSlug, id: row.appointmentId }, body: { action: name } })
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
      ))}
    </>
  );
}
