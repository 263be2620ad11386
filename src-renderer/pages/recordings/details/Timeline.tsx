// A recording's timeline: its padded window as a bar, captured segments solid, gaps hatched, the
// programme's own start and end marked, "now" while it records. The bar is a picture (tooltips for the
// mouse); the list under it says the same for everyone.
import { windowOf, type Recording } from '../../../../src-shared/domain';
import { formatClock, formatDuration, formatTime } from '../../../ui/format';
import { describeCause, endReasonText, readableError } from '../logic/reasons';
import { timelineEntries, timelineGeometry, type TimelineEntry } from '../logic/timeline';

export function Timeline({ recording: r, now }: { recording: Recording; now: number }) {
  const window = windowOf(r);
  const t = timelineGeometry({
    windowStart: window.start,
    windowEnd: window.end,
    programmeStart: r.startAt,
    programmeEnd: r.endAt,
    segments: r.segments,
    gaps: r.gaps,
    now: r.status === 'recording' ? now : Math.max(r.actualEndAt ?? 0, r.updatedAt),
  });
  const entries = timelineEntries(t);
  // Offsets from the bar's start, as a clock ("0:12:30"): seconds matter in a short outage.
  const at = (ms: number) => formatClock((ms - t.start) / 1000);
  return (
    <div className="timeline">
      <div className="tl-bar" aria-hidden="true">
        {t.segments.map((s) => (
          <span
            key={`s${s.index}`}
            className={s.open ? 'tl-seg open' : 'tl-seg'}
            style={{ left: `${s.left}%`, width: `${s.width}%` }}
            title={`Captured ${formatTime(s.start)}–${s.open ? 'now' : formatTime(s.end)} (${formatDuration(s.segment.mediaMs || s.end - s.start)})`}
          />
        ))}
        {t.gaps.map((g) => {
          const cause = describeCause(g.cause);
          return (
            <span
              key={`g${g.start}`}
              className="tl-gap"
              style={{ left: `${g.left}%`, width: `${g.width}%` }}
              title={`Gap of ${formatDuration(g.end - g.start)}: ${cause.title}${cause.detail ? ` (${cause.detail})` : ''}`}
            />
          );
        })}
        {t.marks.map((m) => (
          <span
            key={m.label}
            className="tl-mark"
            style={{ left: `${m.left}%` }}
            title={`${m.label} ${formatTime(m.at)}`}
          />
        ))}
        {t.now !== null && <span className="tl-now" style={{ left: `${t.now}%` }} title="Now" />}
      </div>
      <div className="tl-axis small muted tabular" aria-hidden="true">
        <span>{formatTime(t.start)}</span>
        <span>{formatTime(t.end)}</span>
      </div>
      <div className="tl-legend small muted" aria-hidden="true">
        <span>
          <i className="key seg" /> Captured
        </span>
        <span>
          <i className="key gap" /> Gap
        </span>
        <span>
          <i className="key mark" /> Programme start / end
        </span>
      </div>
      {entries.length === 0 ? (
        <p className="muted small">
          {r.status === 'scheduled' ? 'Nothing captured yet: it has not started.' : 'Nothing was captured.'}
        </p>
      ) : (
        <ol className="tl-list" aria-label="Segments and gaps">
          {entries.map((e) => (
            <EntryItem key={`${e.kind}${e.start}`} entry={e} at={at} />
          ))}
        </ol>
      )}
    </div>
  );
}

function EntryItem({ entry: e, at }: { entry: TimelineEntry; at: (ms: number) => string }) {
  const range = (
    <span className="tl-range tabular">
      {at(e.start)}–{at(e.end)}
    </span>
  );
  if (e.kind === 'gap') {
    const cause = describeCause(e.item.cause);
    return (
      <li className="tl-entry gap" data-testid="timeline-gap">
        <i className="key gap" aria-hidden="true" />
        {range}
        <span>
          <strong>Gap of {formatDuration(e.end - e.start)}</strong>: {cause.title}
          {cause.detail && <span className="muted"> ({readableError(cause.detail)})</span>}
        </span>
      </li>
    );
  }
  const s = e.item.segment;
  return (
    <li className="tl-entry">
      <i className="key seg" aria-hidden="true" />
      {range}
      <span>
        Captured {formatDuration(s.mediaMs || e.end - e.start)}
        <span className="muted">
          {' · '}
          {e.item.open ? 'still capturing' : endReasonText(s.endReason).toLowerCase()}
          {s.error && ` (${readableError(s.error)})`}
        </span>
      </span>
    </li>
  );
}
