// The live preview beside the editor: how many airings the rule would record, how many it skips and
// why, day by day, over the next 14 days; warnings first.
import { AlertTriangle } from 'lucide-react';
import { useState } from 'react';
import type { SkipReason, UpcomingAiring } from '../../../src-shared/domain-rules';
import { formatDay, formatDuration, formatEpisode, formatTime, startOfDay } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import type { PreviewState } from './usePreview';
import './preview.css';

/** Short labels for the badges; the airing's reason says the rest in a sentence. */
export const SKIP_LABEL: Record<SkipReason, string> = {
  duplicate: 'Duplicate',
  'not-new': 'Repeat',
  'outside-window': 'Outside window',
  'rule-disabled': 'Rule off',
  cancelled: 'Cancelled',
  'once-per-period': 'Has one',
  'keep-limit': 'Keep limit',
  past: 'Started',
};

type Filter = 'record' | 'skipped' | 'all';
const SHOWN = 150;

function stateBadge(a: UpcomingAiring) {
  switch (a.state) {
    case 'will-record':
      return <span className="badge success">Will record</span>;
    case 'recording':
      return <span className="badge recording">Recording</span>;
    case 'conflict':
      return <span className="badge danger">Conflict</span>;
    case 'skipped':
      return <span className="badge">{a.skip ? SKIP_LABEL[a.skip] : 'Skipped'}</span>;
  }
}

export function RulePreviewPanel({ preview }: { preview: PreviewState }) {
  const now = useNow();
  const [filter, setFilter] = useState<Filter>('all');
  const [limit, setLimit] = useState(SHOWN);
  const data = preview.state === 'done' ? preview.preview : preview.last;
  const airings = data?.airings ?? [];
  const toRecord = airings.filter((a) => a.state !== 'skipped');
  const skipped = airings.filter((a) => a.state === 'skipped');
  const conflicts = airings.filter((a) => a.state === 'conflict').length;
  const shown = filter === 'record' ? toRecord : filter === 'skipped' ? skipped : airings;
  const stale = preview.state !== 'done';
  const reasons = Object.entries(
    skipped.reduce<Record<string, number>>((acc, a) => {
      const label = a.skip ? SKIP_LABEL[a.skip] : 'Skipped';
      acc[label] = (acc[label] ?? 0) + 1;
      return acc;
    }, {}),
  ).sort((a, b) => b[1] - a[1]);

  return (
    <aside
      id="rule-preview"
      className="card rule-preview"
      aria-labelledby="preview-title"
      aria-busy={preview.state === 'loading'}
    >
      <header className="preview-head">
        <h2 id="preview-title">Preview</h2>
        <span className="muted small">next 14 days</span>
        <span className="spacer" />
        {preview.state === 'loading' && <span className="spinner" aria-label="Updating the preview" />}
      </header>

      {preview.state === 'waiting' && preview.why && (
        <p className="preview-note" role="status">
          {preview.why}
        </p>
      )}
      {preview.state === 'error' && (
        <p className="form-error" role="status">
          {preview.message}
        </p>
      )}

      <div className={`preview-body${stale ? ' stale' : ''}`}>
        <div className="preview-counts" role="group" aria-label="Show">
          <button type="button" aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
            <strong className="tabular">{data ? airings.length : '–'}</strong> airings
          </button>
          <button type="button" aria-pressed={filter === 'record'} onClick={() => setFilter('record')}>
            <strong className="tabular success-text">{data ? toRecord.length : '–'}</strong> to record
            {conflicts > 0 && <span className="danger-text"> ({conflicts} in conflict)</span>}
          </button>
          <button type="button" aria-pressed={filter === 'skipped'} onClick={() => setFilter('skipped')}>
            <strong className="tabular">{data ? skipped.length : '–'}</strong> skipped
          </button>
        </div>
        {reasons.length > 0 && (
          <p className="small muted preview-reasons">
            Skipped: {reasons.map(([label, n]) => `${label.toLowerCase()} ${n}`).join(', ')}
          </p>
        )}
        {data?.warnings.map((w) => (
          <p key={w} className="small warning-text preview-warning">
            <AlertTriangle size={14} aria-hidden="true" /> {w}
          </p>
        ))}
        {data && airings.length === 0 && (
          <p className="preview-note">
            Nothing in the guide matches yet. The rule keeps looking as the guide grows.
          </p>
        )}
        {data && airings.length > 0 && shown.length === 0 && <p className="preview-note">Nothing here.</p>}
        <AiringList airings={shown.slice(0, limit)} now={now} />
        {shown.length > limit && (
          <button type="button" className="btn small preview-more" onClick={() => setLimit(shown.length)}>
            Show all {shown.length} (the first {limit} are shown)
          </button>
        )}
      </div>
    </aside>
  );
}

function AiringList({ airings, now }: { airings: UpcomingAiring[]; now: number }) {
  const days: Array<{ day: number; list: UpcomingAiring[] }> = [];
  for (const a of airings) {
    const day = startOfDay(a.start);
    const last = days[days.length - 1];
    if (last && last.day === day) last.list.push(a);
    else days.push({ day, list: [a] });
  }
  return (
    <div className="airings">
      {days.map(({ day, list }) => (
        <section key={day} aria-label={formatDay(day, now)}>
          <h3 className="airing-day">{formatDay(day, now)}</h3>
          <ul className="list">
            {list.map((a) => (
              <li key={`${a.key}:${a.channelId ?? ''}`} className={`airing ${a.state}`}>
                <span className="airing-time tabular small">{formatTime(a.start)}</span>
                <span className="airing-text">
                  <span className="airing-title">
                    <span className="truncate">
                      <strong>{a.title}</strong>
                      {formatEpisode(a.season, a.episode) && (
                        <span className="muted"> {formatEpisode(a.season, a.episode)}</span>
                      )}
                      {a.subTitle && <span className="muted"> · {a.subTitle}</span>}
                    </span>
                    {stateBadge(a)}
                  </span>
                  <span className="small muted airing-why">
                    {a.channelName ?? 'No channel'}, {formatDuration(a.end - a.start)}
                    {a.reason && a.state !== 'will-record' ? `: ${a.reason}` : ''}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/**
 * The preview in one line, for narrow windows where the panel is below the form: as the user types in
 * the first fields they still see what the rule would do, and can jump to the list.
 */
export function PreviewPeek({ preview }: { preview: PreviewState }) {
  const data = preview.state === 'done' ? preview.preview : preview.last;
  if (!data) return null;
  const toRecord = data.airings.filter((a) => a.state !== 'skipped').length;
  const skipped = data.airings.length - toRecord;
  return (
    <p className="preview-peek small" aria-hidden="true">
      <span className={preview.state === 'done' ? '' : 'muted'}>
        {toRecord} to record · {skipped} skipped in the next 14 days
      </span>{' '}
      {/* A button, not a #fragment link: in the desktop app the route itself lives in the hash. */}
      <button
        type="button"
        tabIndex={-1}
        onClick={() => document.getElementById('rule-preview')?.scrollIntoView({ behavior: 'smooth' })}
      >
        See them
      </button>
    </p>
  );
}
