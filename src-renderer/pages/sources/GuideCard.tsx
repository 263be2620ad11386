// One XMLTV guide as a card: where it comes from, how many channels and programmes, the dates it
// really covers (and a warning when it runs out), its time offset, its refresh state and actions.
import { AlertTriangle, Pencil, RefreshCw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { GuideInfo, SourceProgress } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';
import { AsyncButton } from '../../ui/AsyncButton';
import { ConfirmDialog } from './common/ConfirmDialog';
import { count, coverageText, fromNow, offsetText, sentence } from './describe';
import { ImportProblems, ImportStatus } from './ImportStatus';
import { KindIcon } from './KindIcon';

export function GuideCard({
  guide,
  progress,
  sourceName,
  now,
  onEdit,
}: {
  guide: GuideInfo;
  progress: SourceProgress | undefined;
  sourceName: string | null;
  now: number;
  onEdit: (guide: GuideInfo) => void;
}) {
  const [removing, setRemoving] = useState(false);
  const coverage = coverageText(guide, now);
  const failed = guide.lastError !== null && !guide.refreshing && !progress;
  const headingId = `guide-${guide.id}-name`;
  return (
    <article className="card source-card" aria-labelledby={headingId}>
      <header className="source-head">
        <KindIcon kind="guide" />
        <div className="source-title">
          <h3 id={headingId} className="truncate">
            {guide.name}
          </h3>
          <span className="muted small truncate" title={guide.location}>
            XMLTV{sourceName ? ` of ${sourceName}` : ''} · {guide.location}
          </span>
        </div>
        {failed ? (
          <span className="badge danger">Failed</span>
        ) : guide.refreshing || progress ? (
          <span className="badge accent">Refreshing</span>
        ) : coverage.tone === 'ok' ? (
          <span className="badge success">OK</span>
        ) : (
          <span className="badge warning">{guide.coverage ? 'Running out' : 'Empty'}</span>
        )}
      </header>

      <dl className="facts">
        <div>
          <dt>Covers</dt>
          <dd
            className={
              coverage.tone === 'ok' ? '' : coverage.tone === 'warn' ? 'warning-text' : 'danger-text'
            }
          >
            {coverage.text}
          </dd>
        </div>
        <div>
          <dt>Contents</dt>
          <dd className="tabular">
            {count(guide.channelCount, 'channel')}, {count(guide.programmeCount, 'programme')}
          </dd>
        </div>
        <div>
          <dt>Time offset</dt>
          <dd>
            {guide.offsetHours === 0 ? 'None (times as the guide gives them)' : offsetText(guide.offsetHours)}
          </dd>
        </div>
      </dl>

      <ImportStatus
        target="guide"
        progress={progress}
        refreshing={guide.refreshing}
        lastRefreshAt={guide.lastRefreshAt}
        refreshHours={guide.refreshHours}
        report={guide.lastImport}
        now={now}
      />

      {guide.lastError && (
        <div className="card-alert" role="note">
          <AlertTriangle size={16} aria-hidden="true" />
          <p>
            <strong>
              The last refresh failed
              {guide.lastAttemptAt !== null ? ` ${fromNow(guide.lastAttemptAt, now)}` : ''}.
            </strong>{' '}
            {sentence(guide.lastError)} {guide.programmeCount > 0 && 'The programmes from before are kept.'}
          </p>
        </div>
      )}

      <ImportProblems report={guide.lastImport} />

      <footer className="card-actions">
        <span className="spacer" />
        <AsyncButton
          className="btn small"
          onClick={() => api().call('guides.refresh', { id: guide.id })}
          disabled={guide.refreshing}
          aria-label={`Refresh ${guide.name}`}
        >
          <RefreshCw size={14} aria-hidden="true" /> Refresh
        </AsyncButton>
        <button
          type="button"
          className="btn small"
          onClick={() => onEdit(guide)}
          aria-label={`Edit ${guide.name}`}
        >
          <Pencil size={14} aria-hidden="true" /> Edit
        </button>
        <button
          type="button"
          className="btn small danger"
          onClick={() => setRemoving(true)}
          aria-label={`Remove ${guide.name}`}
        >
          <Trash2 size={14} aria-hidden="true" /> Remove
        </button>
      </footer>

      <ConfirmDialog
        open={removing}
        title={`Remove ${guide.name}?`}
        confirmLabel="Remove guide"
        onClose={() => setRemoving(false)}
        onConfirm={() => api().call('guides.remove', { id: guide.id })}
      >
        Its {count(guide.programmeCount, 'programme')} leave the guide, and channels you mapped to it by hand
        go back to automatic mapping. Scheduled recordings keep their times; finished ones stay.
      </ConfirmDialog>
    </article>
  );
}
