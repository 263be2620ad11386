// Recording now: one card per capture with its live state (connecting, capturing, reconnecting with why),
// the window's progress, captured time, size and bitrate, and Watch, Stop, Cancel.
import { Play, Square, XCircle } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Recording } from '../../../../src-shared/domain';
import { api } from '../../../state/connection';
import { useRecordings, type Live } from '../../../state/recordings';
import { AsyncButton } from '../../../ui/AsyncButton';
import { ChannelLogo } from '../../../ui/ChannelLogo';
import { EmptyState } from '../../../ui/EmptyState';
import { applyFilters, isFiltered, sortItems, type Filters } from '../logic/filters';
import { episodeLine, recordingView, sourceName } from '../logic/views';
import { CancelDialog } from '../parts/CancelDialog';
import { capturedMsOf, LiveStats } from '../parts/LiveStats';
import { SelectAll, SelectBox, type Selection } from '../parts/Selection';
import { ListSkeleton, NoMatches } from './common';

export function NowTab({
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
  const live = useRecordings((s) => s.live);
  const loaded = useRecordings((s) => s.loaded);
  const recording = Object.values(byId).filter((r) => r.status === 'recording');
  const shown = sortItems(
    applyFilters(recording, filters, recordingView),
    filters.sort ?? 'date',
    recordingView,
  );
  return (
    <div className="tab-body">
      <div className="list-toolbar">
        <SelectAll selection={selection} ids={shown.map((r) => r.id)} />
      </div>
      {!loaded ? (
        <ListSkeleton rows={2} height={260} />
      ) : shown.length === 0 ? (
        isFiltered(filters) && recording.length > 0 ? (
          <NoMatches onClear={onClearFilters} />
        ) : (
          <EmptyState title="Nothing is recording">
            Recordings appear here while they capture, with their progress. The next one is under{' '}
            <Link to="/recordings?tab=upcoming">Upcoming</Link>.
          </EmptyState>
        )
      ) : (
        <div className="now-list">
          {shown.map((r) => (
            <NowCard key={r.id} recording={r} live={live[r.id]} now={now} selection={selection} />
          ))}
        </div>
      )}
    </div>
  );
}

function NowCard({
  recording: r,
  live,
  now,
  selection,
}: {
  recording: Recording;
  live: Live | undefined;
  now: number;
  selection: Selection;
}) {
  const [cancelling, setCancelling] = useState(false);
  const episode = episodeLine({
    season: r.programme?.season ?? null,
    episode: r.programme?.episode ?? null,
    subTitle: r.programme?.subTitle ?? null,
  });
  return (
    <article className="card now-card" aria-label={`Recording ${r.title}`} data-testid={`now-${r.id}`}>
      <header className="now-head">
        <SelectBox selection={selection} id={r.id} label={r.title} />
        <ChannelLogo name={sourceName(r)} logoUrl={null} size={40} />
        <div className="now-title">
          <h2 className="truncate">
            <Link to={`/recordings/${r.id}`}>{r.title}</Link>
          </h2>
          <p className="small muted truncate">
            {episode && <>{episode} · </>}
            {sourceName(r)}
          </p>
        </div>
        <span className="badge recording">
          <span className="dot live" aria-hidden="true" /> Live
        </span>
      </header>
      <LiveStats recording={r} live={live} now={now} />
      <div className="now-actions">
        <Link className="btn primary" to={`/play/${r.id}`}>
          <Play size={16} aria-hidden="true" /> Watch
        </Link>
        <AsyncButton
          onClick={() => api().call('recordings.stop', { id: r.id })}
          done={`Stopped “${r.title}”; it is in the library`}
          title="End it now and keep it as a recording"
        >
          <Square size={15} aria-hidden="true" /> Stop
        </AsyncButton>
        <button
          type="button"
          className="btn danger"
          onClick={() => setCancelling(true)}
          title="Cancel it: you choose whether to keep what was captured"
        >
          <XCircle size={16} aria-hidden="true" /> Cancel…
        </button>
      </div>
      <CancelDialog
        recording={r}
        capturedMs={capturedMsOf(r, live)}
        open={cancelling}
        onClose={() => setCancelling(false)}
      />
    </article>
  );
}
