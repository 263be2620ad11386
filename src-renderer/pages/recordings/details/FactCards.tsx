// The details page's side cards: times (scheduled, padded window, actual), where it records from, and
// the file (health, size, length, path; missing, protected and watched, the marks cleanup reads).
import type { ReactNode } from 'react';
import { windowOf, type Recording } from '../../../../src-shared/domain';
import { formatBytes, formatDuration, formatTime, formatWhen, startOfDay } from '../../../ui/format';
import { useChannels, useSources } from '../data/lookups';
import { expectedMsOf } from '../../../../src-shared/recording-health';
import { healthOf } from '../logic/health';
import { missingText } from '../parts/FileMarks';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** "Today 20:00–21:00", or both ends in full when they are on different days. */
function span(start: number, end: number | null): ReactNode {
  if (end === null)
    return (
      <>
        {formatWhen(start)} – <span className="muted">now</span>
      </>
    );
  const sameDay = startOfDay(start) === startOfDay(end);
  return sameDay ? `${formatWhen(start)}–${formatTime(end)}` : `${formatWhen(start)} – ${formatWhen(end)}`;
}

export function TimesCard({ recording: r }: { recording: Recording }) {
  const w = windowOf(r);
  const padding = [
    r.padBeforeMs > 0 && `starts ${formatDuration(r.padBeforeMs)} early`,
    r.padBeforeMs < 0 && `starts ${formatDuration(-r.padBeforeMs)} late`,
    r.padAfterMs > 0 && `ends ${formatDuration(r.padAfterMs)} late`,
    r.padAfterMs < 0 && `ends ${formatDuration(-r.padAfterMs)} early`,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <section className="card" aria-labelledby="times-title">
      <header>
        <h2 id="times-title">Times</h2>
      </header>
      <dl className="facts">
        <Fact label="Programme">{span(r.startAt, r.endAt)}</Fact>
        <Fact label="Window">
          {span(w.start, w.end)}
          <span className="muted small block">{padding ? `Padding: ${padding}` : 'No padding'}</span>
        </Fact>
        <Fact label="Actual">
          {r.actualStartAt === null ? (
            <span className="muted">{r.status === 'scheduled' ? 'Not started' : 'Never started'}</span>
          ) : (
            span(r.actualStartAt, r.actualEndAt)
          )}
        </Fact>
      </dl>
    </section>
  );
}

export function SourceCard({ recording: r }: { recording: Recording }) {
  const channels = useChannels();
  const sources = useSources();
  const channel = r.channelId !== null ? channels.list.find((c) => c.id === r.channelId) : undefined;
  const source = channel ? sources.list.find((s) => s.id === channel.sourceId) : undefined;
  return (
    <section className="card" aria-labelledby="source-title">
      <header>
        <h2 id="source-title">Source</h2>
      </header>
      <dl className="facts">
        {r.channelId !== null || r.channelName ? (
          <>
            <Fact label="Channel">
              {r.channelName ?? 'a channel since removed'}
              {channel?.number && <span className="muted"> · {channel.number}</span>}
            </Fact>
            <Fact label="From">{source ? source.name : <span className="muted">–</span>}</Fact>
            {channel && channel.fallbackUrls.length > 0 && (
              <Fact label="Backups">
                {channel.fallbackUrls.length} backup URL{channel.fallbackUrls.length > 1 ? 's' : ''}{' '}
                <span className="muted small">(failovers are in the event log)</span>
              </Fact>
            )}
          </>
        ) : (
          <Fact label="Stream URL">
            <span className="break">{r.url ?? '–'}</span>
          </Fact>
        )}
        <Fact label="Container">{r.container.toUpperCase()}</Fact>
      </dl>
    </section>
  );
}

export function FileCard({ recording: r }: { recording: Recording }) {
  const health = healthOf(r);
  return (
    <section className="card" aria-labelledby="file-title">
      <header>
        <h2 id="file-title">File</h2>
      </header>
      <dl className="facts">
        <Fact label="Health">
          <span
            className={`badge ${health.tone === 'good' ? 'success' : health.tone === 'none' ? '' : health.tone === 'bad' ? 'danger' : 'warning'}`}
            data-testid="health"
          >
            {health.text}
          </span>{' '}
          {r.capturedMs !== null && (
            <span className="muted small">
              {formatDuration(r.capturedMs)} of {formatDuration(expectedMsOf(r))}
              {r.gaps.length > 0 && `, ${r.gaps.length} gap${r.gaps.length > 1 ? 's' : ''}`}
            </span>
          )}
        </Fact>
        <Fact label="Size">
          {r.sizeBytes !== null ? formatBytes(r.sizeBytes) : <span className="muted">–</span>}
        </Fact>
        <Fact label="Length">
          {r.durationMs !== null ? formatDuration(r.durationMs) : <span className="muted">–</span>}
        </Fact>
        <Fact label="Path">
          {r.outputPath ? (
            <>
              <code className="break small">{r.outputPath}</code>
              {r.fileMissing && (
                <span className="badge danger block-badge" data-testid="file-missing">
                  {missingText(r)}
                </span>
              )}
            </>
          ) : (
            <span className="muted">
              {r.segments.length > 0
                ? `${r.segments.length} segment file${r.segments.length > 1 ? 's' : ''}`
                : 'No file yet'}
            </span>
          )}
        </Fact>
        {r.status !== 'scheduled' && r.status !== 'recording' && (
          <>
            <Fact label="Cleanup">
              {r.protected ? 'Protected: cleanup never deletes it' : 'Retention may delete it'}
            </Fact>
            <Fact label="Watched">
              {r.watchedAt !== null ? formatWhen(r.watchedAt) : <span className="muted">Not yet</span>}
            </Fact>
          </>
        )}
      </dl>
    </section>
  );
}
