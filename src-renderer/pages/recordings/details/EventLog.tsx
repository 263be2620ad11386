// The recording's event log (recordings.events): every transition and notable capture event with its
// reason, oldest first, as the core wrote it.
import type { RecordingEvent } from '../../../../src-shared/domain';
import { formatClock, formatWhen } from '../../../ui/format';

export function EventLog({ events, now }: { events: RecordingEvent[] | null; now: number }) {
  if (events === null)
    return <div className="skeleton-row" style={{ height: 120 }} aria-busy="true" aria-label="Loading" />;
  if (events.length === 0) return <p className="muted small">Nothing logged yet.</p>;
  const labels = timeLabels(events, now);
  return (
    <ol className="event-log">
      {events.map((e, i) => (
        <li key={e.id}>
          <time className="tabular small muted" dateTime={new Date(e.at).toISOString()}>
            {labels[i]}
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

/**
 * A time, then the offsets of the entries that follow within the hour ("+0:06"): an outage's seconds
 * matter, and the clock's minutes would read the same for all of them.
 */
export function timeLabels(events: readonly RecordingEvent[], now: number): string[] {
  let base: number | null = null;
  return events.map((e) => {
    if (base !== null && e.at - base < 3600_000 && e.at >= base)
      return `+${formatClock((e.at - base) / 1000)}`;
    base = e.at;
    return formatWhen(e.at, now);
  });
}
