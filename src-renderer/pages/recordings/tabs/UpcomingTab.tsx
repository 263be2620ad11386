// Upcoming: what will record over the next two weeks, by day, and what the rules skip, each with why.
// Conflicts and skips stand out with their reason and the fixes the core offers, one click each.
import { AlertTriangle, Ban, CalendarX2, Info } from 'lucide-react';
import { Link } from 'react-router';
import type { UpcomingAiring, UpcomingFix } from '../../../../src-shared/domain-rules';
import { api } from '../../../state/connection';
import { useRecordings } from '../../../state/recordings';
import { AsyncButton } from '../../../ui/AsyncButton';
import { ChannelLogo } from '../../../ui/ChannelLogo';
import { EmptyState } from '../../../ui/EmptyState';
import { formatDay, formatDuration, formatLongDay, formatTime, formatWhen } from '../../../ui/format';
import { useUpcoming } from '../data/upcoming';
import { applyFilters, isFiltered, sortItems, type Filters } from '../logic/filters';
import { groupByDay } from '../logic/grouping';
import { skipText } from '../logic/reasons';
import { airingView, episodeLine } from '../logic/views';
import { GroupedList } from '../parts/GroupedList';
import { SelectAll, SelectBox, type Selection } from '../parts/Selection';
import { ListSkeleton, NoMatches } from './common';

export function UpcomingTab({
  filters,
  selection,
  now,
  showSkipped,
  onShowSkipped,
  onClearFilters,
  onNew,
}: {
  filters: Filters;
  selection: Selection;
  now: number;
  showSkipped: boolean;
  onShowSkipped: (show: boolean) => void;
  onClearFilters: () => void;
  onNew: () => void;
}) {
  const { airings, loaded, error } = useUpcoming();
  const matching = applyFilters(airings, filters, airingView);
  const shown = showSkipped ? matching : matching.filter((a) => a.state !== 'skipped');
  const sorted = sortItems(shown, filters.sort ?? 'date', airingView);
  const groups = groupByDay(sorted, (a) => a.start, filters.sort === 'date-desc').map((g) => ({
    key: String(g.day),
    heading: <DayHeading day={g.day} now={now} count={g.items.length} />,
    items: g.items,
  }));
  const counts = {
    record: matching.filter((a) => a.state === 'will-record' || a.state === 'recording').length,
    conflict: matching.filter((a) => a.state === 'conflict').length,
    skipped: matching.filter((a) => a.state === 'skipped').length,
  };
  const selectable = sorted.filter(
    (a) => a.recordingId !== null && a.state !== 'skipped' && a.state !== 'recording',
  );

  return (
    <div className="tab-body">
      <div className="list-toolbar">
        <SelectAll selection={selection} ids={selectable.map((a) => a.recordingId!)} />
        <p className="small muted toolbar-summary" aria-live="polite">
          {loaded && (
            <>
              {counts.record} to record
              {counts.conflict > 0 && (
                <>
                  {' · '}
                  <span className="danger-text">
                    {counts.conflict} conflict{counts.conflict > 1 ? 's' : ''}
                  </span>
                </>
              )}
              {' · '}
              {counts.skipped} skipped
            </>
          )}
        </p>
        <span className="spacer" />
        <label className="check toggle">
          <input type="checkbox" checked={showSkipped} onChange={(e) => onShowSkipped(e.target.checked)} />
          Show skipped
        </label>
      </div>
      {!loaded ? (
        <ListSkeleton rows={6} />
      ) : error ? (
        <p className="form-error" role="alert">
          Could not read the upcoming list: {error}
        </p>
      ) : groups.length === 0 ? (
        isFiltered(filters) ? (
          <NoMatches onClear={onClearFilters} />
        ) : !showSkipped && counts.skipped > 0 ? (
          <EmptyState
            title="Nothing will record"
            action={
              <button type="button" className="btn" onClick={() => onShowSkipped(true)}>
                Show the {counts.skipped} skipped
              </button>
            }
          >
            Your rules matched airings, but skip all of them.
          </EmptyState>
        ) : (
          <EmptyState
            title="Nothing coming up"
            action={
              <div className="row wrap center">
                <button type="button" className="btn primary" onClick={onNew}>
                  Schedule by hand
                </button>
                <Link className="btn" to="/guide">
                  Open the guide
                </Link>
                <Link className="btn" to="/rules/new">
                  Add a rule
                </Link>
              </div>
            }
          >
            Record a programme from the guide, add a rule for a series, or schedule a channel by hand.
          </EmptyState>
        )
      ) : (
        <GroupedList
          className="upcoming-list"
          groups={groups}
          itemKey={(a) => `${a.ruleId ?? 'r'}:${a.key}`}
          itemHeight={64}
          renderItem={(a) => <AiringRow airing={a} selection={selection} />}
        />
      )}
    </div>
  );
}

function DayHeading({ day, now, count }: { day: number; now: number; count: number }) {
  const label = formatDay(day, now);
  const long = formatLongDay(day);
  return (
    <>
      <span>{label}</span>
      {!long.startsWith(label) && <span className="group-sub">{long}</span>}
      <span className="group-count">{count}</span>
    </>
  );
}

function stateBadge(a: UpcomingAiring) {
  switch (a.state) {
    case 'recording':
      return (
        <span className="badge recording">
          <span className="dot live" aria-hidden="true" /> Recording
        </span>
      );
    case 'conflict':
      return <span className="badge danger">Conflict</span>;
    case 'skipped':
      return <span className="badge">{skipText(a.skip)}</span>;
    default:
      return <span className="badge accent">Will record</span>;
  }
}

function AiringRow({ airing: a, selection }: { airing: UpcomingAiring; selection: Selection }) {
  const episode = episodeLine(a);
  const selectable = a.recordingId !== null && a.state !== 'skipped' && a.state !== 'recording';
  const padded = a.padBeforeMs !== 0 || a.padAfterMs !== 0;
  const title = a.recordingId !== null ? <Link to={`/recordings/${a.recordingId}`}>{a.title}</Link> : a.title;
  return (
    <article className={`up-row state-${a.state}`} aria-label={`${a.title}, ${formatWhen(a.start)}`}>
      {selectable ? (
        <SelectBox selection={selection} id={a.recordingId!} label={a.title} />
      ) : (
        <span className="select-box" />
      )}
      <div
        className="up-time tabular"
        title={
          padded
            ? `Records ${formatTime(a.start - a.padBeforeMs)}–${formatTime(a.end + a.padAfterMs)} with padding`
            : undefined
        }
      >
        <strong>{formatTime(a.start)}</strong>
        <span className="muted small">{formatDuration(a.end - a.start)}</span>
      </div>
      <span className="up-logo">
        <ChannelLogo name={a.channelName ?? 'Stream'} logoUrl={null} size={36} />
      </span>
      <div className="up-main">
        <h3 className="up-title truncate">{title}</h3>
        <p className="up-meta small muted truncate">
          <span className="up-time-inline tabular">{formatTime(a.start)} · </span>
          {episode && <span>{episode} · </span>}
          {a.channelName ?? 'Stream'}
          {a.ruleName && a.ruleId !== null && (
            <>
              {' · '}
              <Link to={`/rules/${a.ruleId}`} className="muted-link">
                {a.ruleName}
              </Link>
            </>
          )}
        </p>
      </div>
      <div className="up-state">{stateBadge(a)}</div>
      <div className="up-actions">
        {a.state === 'will-record' && a.recordingId !== null && (
          <AsyncButton
            className="btn ghost small"
            onClick={() => api().call('upcoming.skip', { recordingId: a.recordingId! })}
            done={`“${a.title}” skipped`}
            aria-label={`Skip ${a.title}`}
            title="Don’t record this one (restorable)"
          >
            <CalendarX2 size={15} aria-hidden="true" />
            <span className="hide-small">Skip</span>
          </AsyncButton>
        )}
      </div>
      {(a.reason || a.fixes.length > 0) && <AiringNote airing={a} />}
    </article>
  );
}

function AiringNote({ airing: a }: { airing: UpcomingAiring }) {
  const Icon = a.state === 'conflict' ? AlertTriangle : a.state === 'skipped' ? Ban : Info;
  return (
    <div className={`up-note ${a.state}`}>
      <Icon size={14} aria-hidden="true" />
      <p className="up-reason small">
        {a.reason}
        {a.duplicateOf && (
          <>
            {' '}
            {a.duplicateOf.recordingId !== null ? (
              <Link to={`/recordings/${a.duplicateOf.recordingId}`}>({formatWhen(a.duplicateOf.at)})</Link>
            ) : (
              <span className="muted">({formatWhen(a.duplicateOf.at)})</span>
            )}
          </>
        )}
      </p>
      {a.fixes.length > 0 && (
        <div className="up-fixes">
          {a.fixes.map((fix) => (
            <FixButton key={fixKey(fix)} fix={fix} airing={a} />
          ))}
        </div>
      )}
    </div>
  );
}

function fixKey(fix: UpcomingFix): string {
  switch (fix.kind) {
    case 'drop':
      return `drop:${fix.recordingId}`;
    case 'raise-priority':
      return `raise:${fix.ruleId}`;
    default:
      return `${fix.kind}:${fix.ruleId}:${fix.key}`;
  }
}

/**
 * "Don't record X": the holders of a connection often share a title (one series on two channels), so
 * the button names the channel and start of the one it drops.
 */
function DropButton({ recordingId, title }: { recordingId: number; title: string }) {
  const held = useRecordings((s) => s.byId[recordingId]);
  const which = held ? ` (${[held.channelName, formatWhen(held.startAt)].filter(Boolean).join(', ')})` : '';
  return (
    <AsyncButton
      className="btn small"
      onClick={() => api().call('recordings.cancel', { id: recordingId })}
      done={`“${title}”${which} will not record`}
    >
      Don’t record “{title}”{which}
    </AsyncButton>
  );
}

function FixButton({ fix, airing }: { fix: UpcomingFix; airing: UpcomingAiring }) {
  switch (fix.kind) {
    case 'raise-priority':
      return (
        <AsyncButton
          className="btn small"
          onClick={() => api().call('rules.update', { id: fix.ruleId, priority: fix.to })}
          done={`“${airing.ruleName ?? 'The rule'}” now has priority ${fix.to}`}
        >
          Raise {airing.ruleName ? `“${airing.ruleName}”` : 'rule'} to priority {fix.to}
        </AsyncButton>
      );
    case 'other-airing':
      return (
        <AsyncButton
          className="btn small"
          onClick={() => api().call('upcoming.choose', { ruleId: fix.ruleId, key: fix.key })}
          done={`Recording “${airing.title}” ${formatWhen(fix.start)} instead`}
        >
          Record this airing instead
        </AsyncButton>
      );
    case 'drop':
      return <DropButton recordingId={fix.recordingId} title={fix.title} />;
    case 'restore':
      return (
        <AsyncButton
          className="btn small"
          onClick={() => api().call('upcoming.restore', { ruleId: fix.ruleId, key: fix.key })}
          done={`“${airing.title}” restored`}
        >
          Restore
        </AsyncButton>
      );
  }
}
