// A recording's details (/recordings/:id): its times (scheduled, padded window, actual), where it
// records from, the programme, its rule, the timeline of segments and gaps, the event log, the file and
// its health, the planner's notes, and every action its status allows.
import { AlertTriangle, ArrowLeft, Info } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { windowOf, type Recording } from '../../../src-shared/domain';
import { useRecordings } from '../../state/recordings';
import { ChannelLogo } from '../../ui/ChannelLogo';
import { EmptyState } from '../../ui/EmptyState';
import { formatBytes, formatDuration, formatTime, formatWhen, startOfDay } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import { DetailsActions } from './details/DetailsActions';
import { EventLog } from './details/EventLog';
import { Timeline } from './details/Timeline';
import { useRecordingDetails } from './details/useRecordingDetails';
import { useChannels, useRules, useSources } from './data/lookups';
import { expectedMs, healthOf } from './logic/health';
import { episodeLine, sourceName } from './logic/views';
import { LiveStats } from './parts/LiveStats';
import { StatusBadge } from './parts/StatusBadge';
import './recordings.css';

export function RecordingDetails() {
  const params = useParams();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const details = useRecordingDetails(valid ? id : 0);
  const now = useNow();
  const navigate = useNavigate();
  const back = (
    <Link to="/recordings" className="back-link">
      <ArrowLeft size={16} aria-hidden="true" /> Recordings
    </Link>
  );
  if (!valid || details.missing) {
    return (
      <div className="details-page">
        {back}
        <EmptyState
          title="No such recording"
          action={
            <Link className="btn" to="/recordings?tab=library">
              Open the library
            </Link>
          }
        >
          It may have been deleted.
        </EmptyState>
      </div>
    );
  }
  const r = details.recording;
  if (!r) {
    return (
      <div className="details-page" aria-busy="true">
        {back}
        {details.error ? (
          <p className="form-error" role="alert">
            Could not read recording {id}: {details.error}
          </p>
        ) : (
          <div className="details-skeleton">
            <div className="skeleton-row" style={{ height: 40, width: '50%' }} />
            <div className="skeleton-row" style={{ height: 160 }} />
            <div className="skeleton-row" style={{ height: 240 }} />
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="details-page">
      {back}
      <DetailsHead recording={r} />
      <DetailsActions
        recording={r}
        now={now}
        onGone={() => void navigate('/recordings?tab=library', { replace: true })}
      />
      <Notes recording={r} />
      <div className="details-grid">
        <div className="details-main">
          {r.status === 'recording' && <LiveCard recording={r} now={now} />}
          <section className="card" aria-labelledby="tl-title">
            <header>
              <h2 id="tl-title">Timeline</h2>
            </header>
            <Timeline recording={r} now={now} />
          </section>
          <ProgrammeCard recording={r} />
          <section className="card" aria-labelledby="log-title">
            <header>
              <h2 id="log-title">Event log</h2>
            </header>
            <EventLog events={details.events} now={now} />
          </section>
        </div>
        <aside className="details-side" aria-label="Facts">
          <TimesCard recording={r} />
          <SourceCard recording={r} />
          <FileCard recording={r} />
        </aside>
      </div>
    </div>
  );
}

function DetailsHead({ recording: r }: { recording: Recording }) {
  const episode = episodeLine({
    season: r.programme?.season ?? null,
    episode: r.programme?.episode ?? null,
    subTitle: r.programme?.subTitle ?? null,
  });
  return (
    <header className="details-head">
      <ChannelLogo name={sourceName(r)} logoUrl={null} size={56} />
      <div className="details-title">
        <div className="row wrap">
          <h1>{r.title}</h1>
          <StatusBadge recording={r} />
        </div>
        <p className="muted">
          {episode && <>{episode} · </>}
          {sourceName(r)} · {formatWhen(r.startAt)}–{formatTime(r.endAt)}
        </p>
      </div>
    </header>
  );
}

function Notes({ recording: r }: { recording: Recording }) {
  const notes: Array<{ tone: 'danger' | 'warning' | 'info'; text: string; key: string }> = [];
  if (r.conflict) notes.push({ tone: 'danger', text: `Conflict: ${r.conflict}`, key: 'conflict' });
  if (r.error)
    notes.push({ tone: r.status === 'failed' ? 'danger' : 'warning', text: r.error, key: 'error' });
  if (r.planNote) notes.push({ tone: 'info', text: r.planNote, key: 'note' });
  if (notes.length === 0) return null;
  return (
    <div className="details-notes">
      {notes.map((n) => (
        <p key={n.key} className={`banner ${n.tone}`} role={n.tone === 'info' ? undefined : 'alert'}>
          {n.tone === 'info' ? (
            <Info size={16} aria-hidden="true" />
          ) : (
            <AlertTriangle size={16} aria-hidden="true" />
          )}
          <span>{n.text}</span>
        </p>
      ))}
    </div>
  );
}

function LiveCard({ recording: r, now }: { recording: Recording; now: number }) {
  const live = useRecordings((s) => s.live[r.id]);
  return (
    <section className="card" aria-labelledby="live-title">
      <header>
        <h2 id="live-title">Recording now</h2>
      </header>
      <LiveStats recording={r} live={live} now={now} />
    </section>
  );
}

function ProgrammeCard({ recording: r }: { recording: Recording }) {
  const rules = useRules();
  const p = r.programme;
  const rule = r.ruleId !== null ? rules.list.find((x) => x.id === r.ruleId) : undefined;
  return (
    <section className="card" aria-labelledby="prog-title">
      <header>
        <h2 id="prog-title">Programme</h2>
      </header>
      {p ? (
        <div className="stack">
          {p.subTitle && <h3>{p.subTitle}</h3>}
          <p className={p.description ? '' : 'muted'}>{p.description ?? 'The guide gives no description.'}</p>
          <p className="row wrap small">
            {episodeLine({ season: p.season, episode: p.episode, subTitle: null }) && (
              <span className="badge">
                {episodeLine({ season: p.season, episode: p.episode, subTitle: null })}
              </span>
            )}
            {p.isNew && <span className="badge accent">New</span>}
            {p.premiere && <span className="badge accent">Premiere</span>}
            {p.previouslyShown && <span className="badge">Repeat</span>}
            {p.categories.map((c) => (
              <span key={c} className="badge">
                {c}
              </span>
            ))}
          </p>
        </div>
      ) : (
        <p className="muted">Not recorded from the guide, so there are no programme details.</p>
      )}
      <p className="small rule-line">
        {r.ruleId !== null ? (
          <>
            Scheduled by the rule <Link to={`/rules/${r.ruleId}`}>{rule?.name ?? `#${r.ruleId}`}</Link>
          </>
        ) : (
          <span className="muted">
            Scheduled by hand{r.airingKey?.startsWith('prog:') ? ' from the guide' : ''}.
          </span>
        )}
      </p>
    </section>
  );
}

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

function TimesCard({ recording: r }: { recording: Recording }) {
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

function SourceCard({ recording: r }: { recording: Recording }) {
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

function FileCard({ recording: r }: { recording: Recording }) {
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
              {formatDuration(r.capturedMs)} of {formatDuration(expectedMs(r))}
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
            <code className="break small">{r.outputPath}</code>
          ) : (
            <span className="muted">
              {r.segments.length > 0
                ? `${r.segments.length} segment file${r.segments.length > 1 ? 's' : ''}`
                : 'No file yet'}
            </span>
          )}
        </Fact>
      </dl>
    </section>
  );
}
