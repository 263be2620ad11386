// Problems: failed recordings and ones that missed part of their window, newest first, each with the
// reason in plain words and what can be done (retry while the window is open, watch what was kept).
import { AlertOctagon, AlertTriangle, RotateCcw } from 'lucide-react';
import { Link } from 'react-router';
import { windowOf, type Recording } from '../../../../src-shared/domain';
import { api } from '../../../state/connection';
import { useRecordings } from '../../../state/recordings';
import { AsyncButton } from '../../../ui/AsyncButton';
import { EmptyState } from '../../../ui/EmptyState';
import { formatWhen } from '../../../ui/format';
import { applyFilters, isFiltered, sortItems, type Filters } from '../logic/filters';
import { hasMedia, healthOf, problemOf } from '../logic/health';
import { describeCause, readableError } from '../logic/reasons';
import { recordingView, sourceName } from '../logic/views';
import { SelectAll, SelectBox, type Selection } from '../parts/Selection';
import { ListSkeleton, NoMatches } from './common';

/** The problem in one line: the error, else what the gaps cost and their first cause. */
export function problemText(r: Recording): string {
  if (r.status === 'failed') return r.error ? readableError(r.error) : 'It failed without saying why.';
  const health = healthOf(r);
  const first = r.gaps[0];
  const parts = [`${health.text} captured`];
  if (first) {
    const cause = describeCause(first.cause);
    parts.push(
      `${r.gaps.length} gap${r.gaps.length > 1 ? 's' : ''}, first: ${cause.title.toLowerCase()}${cause.detail ? ` (${readableError(cause.detail)})` : ''}`,
    );
  }
  if (r.error) parts.push(readableError(r.error));
  return parts.join(' · ');
}

export function ProblemsTab({
  filters,
  selection,
  now,
  onClearFilters,
}: {
  filters: Filters;
  selection: Selection;
  now: number;
  onClearFilters: () => void;
}) {
  const byId = useRecordings((s) => s.byId);
  const loaded = useRecordings((s) => s.loaded);
  const problems = Object.values(byId).filter((r) => problemOf(r) !== null);
  const shown = sortItems(
    applyFilters(problems, filters, recordingView),
    filters.sort ?? 'date-desc',
    recordingView,
  );
  return (
    <div className="tab-body">
      <div className="list-toolbar">
        <SelectAll selection={selection} ids={shown.map((r) => r.id)} />
      </div>
      {!loaded ? (
        <ListSkeleton rows={3} height={88} />
      ) : shown.length === 0 ? (
        isFiltered(filters) && problems.length > 0 ? (
          <NoMatches onClear={onClearFilters} />
        ) : (
          <EmptyState title="No problems">
            Failed recordings and ones with gaps show up here, with why.
          </EmptyState>
        )
      ) : (
        <ul className="problem-list">
          {shown.map((r) => (
            <li key={r.id}>
              <ProblemRow recording={r} selection={selection} now={now} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ProblemRow({
  recording: r,
  selection,
  now,
}: {
  recording: Recording;
  selection: Selection;
  now: number;
}) {
  const failed = problemOf(r) === 'failed';
  const Icon = failed ? AlertOctagon : AlertTriangle;
  const retryable = failed && windowOf(r).end > now;
  return (
    <article className={`problem-row ${failed ? 'failed' : 'partial'}`} aria-label={r.title}>
      <SelectBox selection={selection} id={r.id} label={r.title} />
      <Icon size={20} className={failed ? 'danger-icon' : 'warning-icon'} aria-hidden="true" />
      <div className="problem-main">
        <h3 className="truncate">
          <Link to={`/recordings/${r.id}`}>{r.title}</Link>{' '}
          <span className={`badge ${failed ? 'danger' : 'warning'}`}>{failed ? 'Failed' : 'Incomplete'}</span>
        </h3>
        <p className="small muted truncate">
          {formatWhen(r.actualStartAt ?? r.startAt - r.padBeforeMs)} · {sourceName(r)}
        </p>
        <p className="problem-reason small" data-testid="problem-reason">
          {problemText(r)}
        </p>
      </div>
      <div className="problem-actions">
        {retryable && (
          <AsyncButton
            className="btn small"
            onClick={() => api().call('recordings.retry', { id: r.id })}
            done={`Retrying “${r.title}”`}
          >
            <RotateCcw size={14} aria-hidden="true" /> Retry
          </AsyncButton>
        )}
        {hasMedia(r) && (
          <Link className="btn small" to={`/play/${r.id}`}>
            Play
          </Link>
        )}
        <Link className="btn small ghost" to={`/recordings/${r.id}`}>
          Details
        </Link>
      </div>
    </article>
  );
}
