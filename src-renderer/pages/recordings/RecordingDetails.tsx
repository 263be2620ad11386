// A recording's details (/recordings/:id): its times (scheduled, padded window, actual), where it
// records from, the programme, its rule, the timeline of segments and gaps, the event log, the file and
// its health, the planner's notes, its post-processing and upload, and every action its status allows.
import { AlertTriangle, ArrowLeft, Info, Lock } from 'lucide-react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Recording } from '../../../src-shared/domain';
import { useRecordings } from '../../state/recordings';
import { ChannelLogo } from '../../ui/ChannelLogo';
import { EmptyState } from '../../ui/EmptyState';
import { formatTime, formatWhen } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import { DetailsActions } from './details/DetailsActions';
import { EventLog } from './details/EventLog';
import { FileCard, SourceCard, TimesCard } from './details/FactCards';
import { ProcessingCard } from './details/ProcessingCard';
import { Timeline } from './details/Timeline';
import { useRecordingDetails } from './details/useRecordingDetails';
import { useRules } from './data/lookups';
import { episodeLine, sourceName } from './logic/views';
import { MISSING_REASON, missingText } from './parts/FileMarks';
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
          <ProcessingCard id={r.id} enabled={r.status === 'completed' || r.status === 'cancelled'} />
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
          {r.protected && (
            <span className="badge" title="Cleanup never deletes it">
              <Lock size={12} aria-hidden="true" /> Protected
            </span>
          )}
          {r.watchedAt !== null && <span className="badge">Watched</span>}
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
  if (r.fileMissing)
    notes.push({ tone: 'danger', text: `${missingText(r)}. ${MISSING_REASON}`, key: 'missing' });
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
