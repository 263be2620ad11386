// Home: what is recording now (live), what is next, what went wrong lately and why, and how much room
// is left. With no source yet, it says what the first step is and takes the user there.
import { AlertTriangle, HardDrive, Play, Square } from 'lucide-react';
import { Link } from 'react-router';
import type { Recording } from '../../../src-shared/domain';
import { api } from '../../state/connection';
import { useRecordings, type Live } from '../../state/recordings';
import { useStatus } from '../../state/status';
import { AsyncButton } from '../../ui/AsyncButton';
import { EmptyState } from '../../ui/EmptyState';
import { capturedForHealth, expectedMsOf, shareText } from '../../../src-shared/recording-health';
import { formatBytes, formatDaysLeft, formatDuration, formatRange, formatWhen } from '../../ui/format';
import { Sparkline } from '../../ui/Sparkline';
import { useNow } from '../../ui/useNow';
import { useSourcesSummary } from './sources-summary';
import './home.css';

const WEEK = 7 * 24 * 3600_000;

export function HomePage() {
  const byId = useRecordings((s) => s.byId);
  const live = useRecordings((s) => s.live);
  const loaded = useRecordings((s) => s.loaded);
  const status = useStatus((s) => s.status);
  const sources = useSourcesSummary();
  const now = useNow();
  const all = Object.values(byId);
  const recording = all.filter((r) => r.status === 'recording');
  const upcoming = all
    .filter((r) => r.status === 'scheduled' && r.endAt + r.padAfterMs > now)
    .sort((a, b) => a.startAt - a.padBeforeMs - (b.startAt - b.padBeforeMs))
    .slice(0, 6);
  const problems = all
    .filter(
      (r) =>
        (r.updatedAt > now - WEEK && r.status === 'failed') ||
        (r.status === 'completed' && r.updatedAt > now - WEEK && (r.capturedMs ?? 0) < r.expectedMs * 0.99),
    )
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, 5);

  if (loaded && sources.loaded && sources.count === 0 && all.length === 0) {
    return (
      <EmptyState
        title="Welcome to Tapedeck"
        action={
          <Link className="btn primary" to="/sources?add=1">
            Add a source
          </Link>
        }
      >
        Start with your TV source: an M3U playlist, an Xtream Codes account or an HDHomeRun tuner. Then add a
        guide, find a programme and press Record.
      </EmptyState>
    );
  }

  return (
    <div className="home">
      <div className="page-head">
        <h1>Home</h1>
        <Link className="btn" to="/guide">
          Open the guide
        </Link>
      </div>

      <section aria-labelledby="now-title" className="home-section">
        <h2 id="now-title">Recording now</h2>
        {recording.length === 0 ? (
          <p className="muted">Nothing is recording right now.</p>
        ) : (
          <div className="now-grid">
            {recording.map((r) => (
              <NowCard key={r.id} recording={r} live={live[r.id]} now={now} />
            ))}
          </div>
        )}
      </section>

      <div className="home-columns">
        <section aria-labelledby="next-title" className="card">
          <header>
            <h2 id="next-title">Next up</h2>
            <span className="spacer" />
            <Link to="/recordings?tab=upcoming" className="small">
              All upcoming
            </Link>
          </header>
          {upcoming.length === 0 ? (
            <p className="muted">
              Nothing scheduled. <Link to="/guide">Find something in the guide</Link> or{' '}
              <Link to="/rules/new">add a rule</Link>.
            </p>
          ) : (
            <ul className="list">
              {upcoming.map((r) => (
                <li key={r.id} className="home-row">
                  <Link to={`/recordings/${r.id}`} className="home-row-link">
                    <span className="home-when tabular">{formatWhen(r.startAt, now)}</span>
                    <span className="truncate">
                      <strong>{r.title}</strong>
                      <span className="muted"> · {r.channelName ?? 'stream'}</span>
                    </span>
                  </Link>
                  {r.conflict && (
                    <span className="badge danger" title={r.conflict}>
                      Conflict
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="problems-title" className="card">
          <header>
            <h2 id="problems-title">Needs a look</h2>
          </header>
          {problems.length === 0 ? (
            <p className="muted">No failed or incomplete recordings this week.</p>
          ) : (
            <ul className="list">
              {problems.map((r) => (
                <li key={r.id} className="home-row">
                  <AlertTriangle
                    size={16}
                    className={r.status === 'failed' ? 'danger-icon' : 'warning-icon'}
                    aria-hidden="true"
                  />
                  <Link to={`/recordings/${r.id}`} className="stack home-problem">
                    <span className="truncate">
                      <strong>{r.title}</strong> <span className="muted small">{formatWhen(r.startAt)}</span>
                    </span>
                    <span className="small muted truncate">{problemText(r)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="disk-title" className="card">
          <header>
            <HardDrive size={18} aria-hidden="true" />
            <h2 id="disk-title">Disk</h2>
          </header>
          {status?.disk ? (
            <div className="stack">
              <div className="progress" aria-hidden="true">
                <span
                  style={{
                    width: `${Math.round(100 * (1 - status.disk.freeBytes / Math.max(1, status.disk.totalBytes)))}%`,
                  }}
                />
              </div>
              <p>
                <strong>{formatBytes(status.disk.freeBytes)}</strong> free of{' '}
                {formatBytes(status.disk.totalBytes)}; recordings use{' '}
                {formatBytes(status.disk.recordingsBytes)}.
              </p>
              <p className="muted small">
                {status.disk.daysLeft === null
                  ? 'Nothing is scheduled, so nothing is using it up.'
                  : `At the current schedule, it lasts ${formatDaysLeft(status.disk.daysLeft)}.`}
              </p>
            </div>
          ) : (
            <p className="muted">{status ? `Recordings go to ${status.recordingsDir}` : '…'}</p>
          )}
        </section>
      </div>
    </div>
  );
}

function problemText(r: Recording): string {
  if (r.status === 'failed') return r.error ?? 'failed';
  const gaps = r.gaps.length;
  return `${shareText(capturedForHealth(r), expectedMsOf(r))} captured${gaps ? `, ${gaps} gap${gaps > 1 ? 's' : ''}: ${r.gaps[0]!.cause}` : ''}`;
}

function NowCard({ recording: r, live, now }: { recording: Recording; live: Live | undefined; now: number }) {
  const start = r.startAt - r.padBeforeMs;
  const end = r.endAt + r.padAfterMs;
  const elapsed = Math.min(1, Math.max(0, (now - start) / Math.max(1, end - start)));
  const captured = live?.progress ? live.progress.seconds * 1000 : (r.capturedMs ?? 0);
  const reconnecting = live?.capture?.state === 'reconnecting';
  return (
    <article className="card now-card" aria-label={`Recording ${r.title}`}>
      <div className="row">
        <span className="badge recording">
          <span className="dot live" aria-hidden="true" /> {reconnecting ? 'Reconnecting' : 'Recording'}
        </span>
        <span className="muted small truncate">{r.channelName ?? 'stream'}</span>
      </div>
      <h3 className="truncate">
        <Link to={`/recordings/${r.id}`}>{r.title}</Link>
      </h3>
      <div className="muted small tabular">{formatRange(start, end)}</div>
      <div className="progress recording" aria-label={`${Math.round(elapsed * 100)} % of the window`}>
        <span style={{ width: `${elapsed * 100}%` }} />
      </div>
      {reconnecting ? (
        <p className="small warning-text" role="status">
          Stream lost: {live?.capture?.reason ?? 'no data'}. Trying again…
        </p>
      ) : (
        <div className="row small muted tabular">
          <span>{formatDuration(captured)} captured</span>
          {live?.progress && <span>· {formatBytes(live.progress.bytes)}</span>}
          <span className="spacer" />
          {live && live.bitrates.length > 1 && (
            <Sparkline values={live.bitrates} label="bitrate over the last minute" />
          )}
        </div>
      )}
      <div className="row">
        <Link className="btn small" to={`/play/${r.id}`}>
          <Play size={14} aria-hidden="true" /> Watch
        </Link>
        <AsyncButton
          className="btn small"
          onClick={() => api().call('recordings.stop', { id: r.id })}
          done="Stopped"
        >
          <Square size={14} aria-hidden="true" /> Stop
        </AsyncButton>
      </div>
    </article>
  );
}
