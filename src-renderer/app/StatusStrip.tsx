// One line at the top of every screen: what records now, what is next, and how much room is left.
import { Link } from 'react-router';
import { formatBytes, formatDaysLeft, formatWhen } from '../ui/format';
import { useNow } from '../ui/useNow';
import { useRecordings } from '../state/recordings';
import { useStatus } from '../state/status';

export function StatusStrip() {
  const byId = useRecordings((s) => s.byId);
  const status = useStatus((s) => s.status);
  const now = useNow();
  const recording = Object.values(byId).filter((r) => r.status === 'recording');
  const next = Object.values(byId)
    .filter((r) => r.status === 'scheduled' && r.endAt + r.padAfterMs > now)
    .sort((a, b) => a.startAt - b.startAt)[0];
  const disk = status?.disk ?? null;
  return (
    <header className="status-strip" aria-label="Status">
      <Link to="/recordings?tab=now" className={recording.length ? 'live' : ''}>
        {recording.length ? (
          <>
            <span className="dot live" aria-hidden="true" /> Recording {recording.length}
          </>
        ) : (
          <span className="muted">
            Nothing recording<span className="hide-small"> now</span>
          </span>
        )}
      </Link>
      {next && (
        <Link to={`/recordings/${next.id}`} className="truncate">
          <span className="muted">Next:</span> {next.title}, {formatWhen(next.startAt)}
        </Link>
      )}
      <span className="spacer" />
      {disk && (
        <span className={disk.daysLeft !== null && disk.daysLeft < 2 ? 'warn' : 'muted'}>
          {formatBytes(disk.freeBytes)} free
          {/* Nothing planned (null): nothing uses the space up, so no figure. */}
          {disk.daysLeft !== null && (
            <span className="hide-small">
              {' · '}
              {formatDaysLeft(disk.daysLeft)}
            </span>
          )}
        </span>
      )}
    </header>
  );
}
