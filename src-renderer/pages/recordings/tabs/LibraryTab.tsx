// Library: finished recordings by show, newest first, with length, size and health, and Play; a lock on
// protected ones, and "File missing since …" (Play disabled, with why) on those whose file went away.
import { Play } from 'lucide-react';
import { Link } from 'react-router';
import type { Recording } from '../../../../src-shared/domain';
import { useRecordings } from '../../../state/recordings';
import { EmptyState } from '../../../ui/EmptyState';
import { formatBytes, formatDuration, formatWhen } from '../../../ui/format';
import { applyFilters, isFiltered, type Filters, type SortKey } from '../logic/filters';
import { groupByShow, recordedAt, type ShowOrder } from '../logic/grouping';
import { healthOf, isInLibrary } from '../logic/health';
import { episodeLine, recordingView, sourceName } from '../logic/views';
import { MISSING_REASON, missingText, ProtectedMark } from '../parts/FileMarks';
import { GroupedList } from '../parts/GroupedList';
import { SelectAll, SelectBox, type Selection } from '../parts/Selection';
import { Thumb } from '../parts/Thumb';
import { ListSkeleton, NoMatches } from './common';

const ORDER: Record<SortKey, ShowOrder> = {
  'date-desc': 'newest',
  date: 'oldest',
  title: 'title',
  channel: 'channel',
};

export function LibraryTab({
  filters,
  selection,
  onClearFilters,
}: {
  filters: Filters;
  selection: Selection;
  onClearFilters: () => void;
}) {
  const byId = useRecordings((s) => s.byId);
  const loaded = useRecordings((s) => s.loaded);
  const library = Object.values(byId).filter(isInLibrary);
  const shown = applyFilters(library, filters, recordingView);
  const shows = groupByShow(shown, ORDER[filters.sort ?? 'date-desc']);
  const groups = shows.map((g) => ({
    key: g.key,
    heading: (
      <>
        <span className="truncate">{g.title}</span>
        <span className="group-sub">
          {g.items.length === 1 ? '1 recording' : `${g.items.length} recordings`} ·{' '}
          {formatBytes(g.totalBytes)}
        </span>
      </>
    ),
    items: g.items,
  }));
  return (
    <div className="tab-body">
      <div className="list-toolbar">
        <SelectAll selection={selection} ids={shown.map((r) => r.id)} />
        <p className="small muted toolbar-summary">
          {loaded &&
            `${shown.length} recording${shown.length === 1 ? '' : 's'} · ${shows.length} show${shows.length === 1 ? '' : 's'} · ${formatBytes(shown.reduce((n, r) => n + (r.sizeBytes ?? 0), 0))}`}
        </p>
      </div>
      {!loaded ? (
        <ListSkeleton rows={6} height={72} />
      ) : groups.length === 0 ? (
        isFiltered(filters) && library.length > 0 ? (
          <NoMatches onClear={onClearFilters} />
        ) : (
          <EmptyState title="No recordings yet">
            Finished recordings are kept here by show. What is coming is under{' '}
            <Link to="/recordings?tab=upcoming">Upcoming</Link>.
          </EmptyState>
        )
      ) : (
        <GroupedList
          className="library-list"
          groups={groups}
          itemKey={(r) => r.id}
          itemHeight={72}
          renderItem={(r) => <LibraryRow recording={r} selection={selection} />}
        />
      )}
    </div>
  );
}

function LibraryRow({ recording: r, selection }: { recording: Recording; selection: Selection }) {
  const health = healthOf(r);
  const episode = episodeLine({
    season: r.programme?.season ?? null,
    episode: r.programme?.episode ?? null,
    subTitle: r.programme?.subTitle ?? null,
  });
  return (
    <article
      className={r.fileMissing ? 'lib-row has-missing' : 'lib-row'}
      aria-label={`${r.title}, ${formatWhen(recordedAt(r))}`}
    >
      <SelectBox selection={selection} id={r.id} label={r.title} />
      {r.fileMissing ? (
        <span className="lib-thumb missing" title={MISSING_REASON}>
          <Thumb title={r.title} />
        </span>
      ) : (
        <Link to={`/play/${r.id}`} className="lib-thumb" aria-label={`Play ${r.title}`}>
          <Thumb title={r.title} />
          <span className="thumb-play" aria-hidden="true">
            <Play size={18} />
          </span>
        </Link>
      )}
      <div className="lib-main">
        {/* The show is the group's heading: a row names its episode, else its date. */}
        <h3 className="truncate">
          <Link to={`/recordings/${r.id}`}>
            <span className="visually-hidden">{r.title}, </span>
            {episode ?? formatWhen(recordedAt(r))}
          </Link>
          <ProtectedMark recording={r} />
          {r.status === 'cancelled' && <span className="badge small-badge">Cancelled</span>}
        </h3>
        {r.fileMissing && (
          <p className="small lib-missing" data-testid="file-missing">
            {missingText(r)}
          </p>
        )}
        <p className="small muted truncate">
          {episode && `${formatWhen(recordedAt(r))} · `}
          {sourceName(r)}
          <span className="lib-inline-figures">
            {r.durationMs !== null && ` · ${formatDuration(r.durationMs)}`}
            {r.sizeBytes !== null && ` · ${formatBytes(r.sizeBytes)}`}
          </span>
        </p>
      </div>
      <span className="lib-figure tabular" title="Length">
        {r.durationMs !== null ? formatDuration(r.durationMs) : '–'}
      </span>
      <span className="lib-figure tabular" title="File size">
        {r.sizeBytes !== null ? formatBytes(r.sizeBytes) : '–'}
      </span>
      <span
        className={`badge health ${health.tone === 'good' ? 'success' : health.tone === 'none' ? '' : health.tone === 'bad' ? 'danger' : 'warning'}`}
        title={`Captured ${formatDuration(r.capturedMs ?? 0)} of ${formatDuration(r.expectedMs)}`}
        data-testid="health"
      >
        {health.text}
      </span>
      {r.fileMissing ? (
        <button type="button" className="btn small lib-play" disabled title={MISSING_REASON}>
          <Play size={14} aria-hidden="true" /> Play
          <span className="visually-hidden"> (unavailable: the file is missing)</span>
        </button>
      ) : (
        <Link to={`/play/${r.id}`} className="btn small lib-play">
          <Play size={14} aria-hidden="true" /> Play
        </Link>
      )}
    </article>
  );
}
