// Recordings (/recordings?tab=upcoming|now|library|problems): what will record, what records now, what
// was recorded, and what went wrong. Filters, order and the tab live in the address; selecting rows
// offers the bulk actions of the tab (cancel what is coming or running, delete what is finished).
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Recording } from '../../../src-shared/domain';
import { api } from '../../state/connection';
import { useRecordings } from '../../state/recordings';
import { Dialog } from '../../ui/Dialog';
import { toast } from '../../ui/toast';
import { useNow } from '../../ui/useNow';
import { forEachId } from './data/actions';
import { useUpcoming } from './data/upcoming';
import { NO_FILTERS, readFilters, writeFilters, type Filters, type SortKey } from './logic/filters';
import { isInLibrary, problemOf } from './logic/health';
import { DeleteDialog } from './parts/DeleteDialog';
import { FilterBar } from './parts/FilterBar';
import { ScheduleDialog } from './parts/ScheduleDialog';
import { BulkBar, useSelection } from './parts/Selection';
import { LibraryTab } from './tabs/LibraryTab';
import { NowTab } from './tabs/NowTab';
import { ProblemsTab } from './tabs/ProblemsTab';
import { UpcomingTab } from './tabs/UpcomingTab';
import './recordings.css';

export const TABS = ['upcoming', 'now', 'library', 'problems'] as const;
export type Tab = (typeof TABS)[number];

const DEFAULT_SORT: Record<Tab, SortKey> = {
  upcoming: 'date',
  now: 'date',
  library: 'date-desc',
  problems: 'date-desc',
};

export function RecordingsPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'upcoming';
  const filters = readFilters(params);
  const now = useNow();
  // A selection belongs to the tab it was made on.
  const selection = useSelection(tab);
  const [scheduling, setScheduling] = useState(params.get('new') === '1');
  const byId = useRecordings((s) => s.byId);
  const { airings } = useUpcoming();
  const all = Object.values(byId);
  const counts: Record<Tab, number> = {
    upcoming: airings.filter((a) => a.state === 'will-record' || a.state === 'conflict').length,
    now: all.filter((r) => r.status === 'recording').length,
    library: all.filter(isInLibrary).length,
    problems: all.filter((r) => problemOf(r) !== null).length,
  };
  const conflicts = airings.some((a) => a.state === 'conflict');

  const setFilters = (next: Filters) => setParams(writeFilters(params, next), { replace: true });
  const clearFilters = () => setFilters({ ...NO_FILTERS, sort: filters.sort });
  const tabLink = (t: Tab) => {
    const next = new URLSearchParams(params);
    next.set('tab', t);
    next.delete('sort');
    return `?${next.toString()}`;
  };
  const showSkipped = params.get('skipped') !== 'hide';
  const setShowSkipped = (show: boolean) => {
    const next = new URLSearchParams(params);
    if (show) next.delete('skipped');
    else next.set('skipped', 'hide');
    setParams(next, { replace: true });
  };
  const selected = [...selection.ids].map((id) => byId[id]).filter((r): r is Recording => r !== undefined);

  return (
    <div className="recordings-page">
      <div className="page-head">
        <h1>Recordings</h1>
        <button type="button" className="btn primary" onClick={() => setScheduling(true)}>
          <Plus size={16} aria-hidden="true" /> New recording
        </button>
      </div>
      <nav className="tabs rec-tabs" aria-label="Recordings">
        {TABS.map((t) => (
          <Link key={t} to={tabLink(t)} aria-current={t === tab ? 'page' : undefined} replace>
            {t === 'now' ? (
              <>
                <span className="tab-label-long">Recording now</span>
                <span className="tab-label-short">Now</span>
              </>
            ) : (
              LABELS[t]
            )}
            <span
              className={`tab-count${t === 'now' && counts.now > 0 ? ' live' : ''}${(t === 'problems' && counts.problems > 0) || (t === 'upcoming' && conflicts) ? ' alert' : ''}`}
            >
              {counts[t]}
            </span>
          </Link>
        ))}
      </nav>
      <FilterBar filters={filters} onChange={setFilters} defaultSort={DEFAULT_SORT[tab]} />
      {tab === 'upcoming' && (
        <UpcomingTab
          filters={filters}
          selection={selection}
          now={now}
          showSkipped={showSkipped}
          onShowSkipped={setShowSkipped}
          onClearFilters={clearFilters}
          onNew={() => setScheduling(true)}
        />
      )}
      {tab === 'now' && (
        <NowTab filters={filters} selection={selection} now={now} onClearFilters={clearFilters} />
      )}
      {tab === 'library' && (
        <LibraryTab filters={filters} selection={selection} onClearFilters={clearFilters} />
      )}
      {tab === 'problems' && (
        <ProblemsTab filters={filters} selection={selection} now={now} onClearFilters={clearFilters} />
      )}
      <Bulk tab={tab} selected={selected} onDone={selection.clear} />
      <ScheduleDialog open={scheduling} onClose={() => setScheduling(false)} now={now} />
    </div>
  );
}

const LABELS: Record<Tab, string> = {
  upcoming: 'Upcoming',
  now: 'Recording now',
  library: 'Library',
  problems: 'Problems',
};

/** The bar for what is selected: cancel (upcoming, now) or delete (library, problems). */
function Bulk({ tab, selected, onDone }: { tab: Tab; selected: Recording[]; onDone: () => void }) {
  const [dialog, setDialog] = useState<'delete' | 'cancel' | null>(null);
  const cancellable = selected.filter((r) => r.status === 'scheduled' || r.status === 'recording');
  const deletable = selected.filter((r) => r.status !== 'recording');
  const finished = tab === 'library' || tab === 'problems';
  return (
    <>
      <BulkBar count={selected.length} onClear={onDone}>
        {finished ? (
          <button
            type="button"
            className="btn danger"
            onClick={() => setDialog('delete')}
            disabled={deletable.length === 0}
          >
            Delete…
          </button>
        ) : (
          <button
            type="button"
            className="btn danger"
            onClick={() => setDialog('cancel')}
            disabled={cancellable.length === 0}
          >
            Cancel…
          </button>
        )}
      </BulkBar>
      <DeleteDialog
        recordings={deletable}
        open={dialog === 'delete'}
        onClose={() => setDialog(null)}
        onDeleted={onDone}
      />
      <BulkCancelDialog
        recordings={cancellable}
        open={dialog === 'cancel'}
        onClose={() => setDialog(null)}
        onDone={onDone}
      />
    </>
  );
}

function BulkCancelDialog({
  recordings,
  open,
  onClose,
  onDone,
}: {
  recordings: Recording[];
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = recordings.filter((r) => r.status === 'recording').length;
  async function confirm() {
    setPending(true);
    setError(null);
    const outcome = await forEachId(
      recordings.map((r) => r.id),
      (id) => api().call('recordings.cancel', { id }),
    );
    setPending(false);
    if (outcome.failed.length > 0) {
      setError(`${outcome.failed.length} could not be cancelled: ${outcome.failed[0]!.error}`);
      return;
    }
    toast.success(outcome.done === 1 ? 'Cancelled' : `${outcome.done} recordings cancelled`);
    onClose();
    onDone();
  }
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={
        recordings.length === 1
          ? `Cancel “${recordings[0]?.title ?? ''}”?`
          : `Cancel ${recordings.length} recordings?`
      }
    >
      <p>
        {recordings.length - running > 0 && 'Scheduled ones will not record. '}
        {running > 0 &&
          `${running === 1 ? 'The one recording now stops and keeps' : `The ${running} recording now stop and keep`} what was captured (delete it from the library if you do not want it).`}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Back
        </button>
        <button
          type="button"
          className="btn danger"
          onClick={() => void confirm()}
          disabled={pending}
          aria-busy={pending}
        >
          {pending && <span className="spinner" aria-hidden="true" />}
          Cancel {recordings.length === 1 ? 'it' : 'them'}
        </button>
      </div>
    </Dialog>
  );
}
