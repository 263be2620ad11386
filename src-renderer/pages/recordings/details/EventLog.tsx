// The recording's event log (recordings.events): every transition and notable capture event with its
// reason, oldest first, as the core wrote it.
import type { RecordingEvent } from '../../../../src-shared/domain';
import { formatWhen } from '../../../ui/format';

export function EventLog({ events, now }: { events: RecordingEvent[] | null; now: number }) {
  if (events === null)
    return <div className="skeleton-row" style={{ height: 120 }} aria-busy="true" aria-label="Loading" />;
  if (events.length === 0) return <p className="muted small">Nothing logged yet.</p>;
  return (
    <ol className="event-log">
      {events.map((e) => (
        <li key={e.id}>
          <time className="tabular small muted" dateTime={new Date(e.at).toISOString()}>
            {formatWhen(e.at, now)}
          </time>
          <span className="event-text">
            {e.fromStatus !== e.toStatus && (
              <span className="badge event-status">
                {e.fromStatus ? `${e.fromStatus} → ` : ''}
                {e.toStatus}
              </span>
            )}{' '}
            {e.reason}
          </span>
        </li>
      ))}
    </ol>
  );
}
