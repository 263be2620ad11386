// One source as a card: what it is, how many channels it gives, its connection limit, its account
// (Xtream) or device (HDHomeRun), its refresh state with a live bar, the last error in words, the
// guides its playlist offers (each added only when asked), and its actions.
import { AlertTriangle, ListVideo, Pencil, Plus, RefreshCw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { SourceInfo, SourceProgress } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';
import { AsyncButton } from '../../ui/AsyncButton';
import { ConfirmDialog } from './common/ConfirmDialog';
import { accountText, count, fromNow, KIND_LABEL, sentence } from './describe';
import { ImportProblems, ImportStatus } from './ImportStatus';
import { KindIcon } from './KindIcon';

export function SourceCard({
  source,
  progress,
  guideNames,
  now,
  onEdit,
}: {
  source: SourceInfo;
  progress: SourceProgress | undefined;
  /** Names of the guides that belong to this source. */
  guideNames: string[];
  now: number;
  onEdit: (source: SourceInfo) => void;
}) {
  const [removing, setRemoving] = useState(false);
  const c = source.counts;
  const failed = source.lastError !== null && !source.refreshing && !progress;
  const headingId = `source-${source.id}-name`;
  return (
    <article className="card source-card" aria-labelledby={headingId}>
      <header className="source-head">
        <KindIcon kind={source.kind} />
        <div className="source-title">
          <h3 id={headingId} className="truncate">
            {source.name}
          </h3>
          <span className="muted small truncate" title={source.location ?? undefined}>
            {KIND_LABEL[source.kind]}
            {source.location ? ` · ${source.location}` : ''}
          </span>
        </div>
        {failed ? (
          <span className="badge danger">Failed</span>
        ) : source.refreshing || progress ? (
          <span className="badge accent">Refreshing</span>
        ) : (
          <span className="badge success">OK</span>
        )}
      </header>

      <dl className="facts">
        <div>
          <dt>Channels</dt>
          <dd className="tabular">
            {count(c.live, 'channel')}
            {c.vod + c.series > 0 && <span className="muted"> · {c.vod + c.series} on demand</span>}
            {c.missing > 0 && <span className="warning-text"> · {c.missing} no longer listed</span>}
          </dd>
        </div>
        <div>
          <dt>Connections</dt>
          <dd>
            {source.maxConnections === null ? 'No limit' : `At most ${source.maxConnections} at once`}
            {source.maxConnectionsOverride !== null && <span className="muted"> (your limit)</span>}
            {source.connectionGroup && <span className="muted"> · shared in “{source.connectionGroup}”</span>}
          </dd>
        </div>
        {source.account && <AccountFact source={source} now={now} />}
        {source.device && (
          <div>
            <dt>Device</dt>
            <dd className="truncate">
              {[source.device.friendlyName ?? source.device.model, source.device.deviceId]
                .filter(Boolean)
                .join(' · ') || 'HDHomeRun'}
              {source.device.tunerCount !== null && ` · ${count(source.device.tunerCount, 'tuner')}`}
            </dd>
          </div>
        )}
        {guideNames.length > 0 && (
          <div>
            <dt>Its guide</dt>
            <dd className="truncate">{guideNames.join(', ')}</dd>
          </div>
        )}
      </dl>

      <ImportStatus
        target="source"
        progress={progress}
        refreshing={source.refreshing}
        lastRefreshAt={source.lastRefreshAt}
        refreshHours={source.refreshHours}
        report={source.lastImport}
        now={now}
      />

      {source.lastError && (
        <div className="card-alert" role="note">
          <AlertTriangle size={16} aria-hidden="true" />
          <p>
            <strong>
              The last refresh failed
              {source.lastAttemptAt !== null ? ` ${fromNow(source.lastAttemptAt, now)}` : ''}.
            </strong>{' '}
            {sentence(source.lastError)}{' '}
            {source.lastRefreshAt !== null && 'The channels from before are kept.'}
          </p>
        </div>
      )}

      <ImportProblems report={source.lastImport} />

      {source.offeredGuides.length > 0 && <OfferedGuides source={source} />}

      <footer className="card-actions">
        <Link className="btn small" to={`/sources/channels?source=${source.id}`}>
          <ListVideo size={14} aria-hidden="true" /> Channels
        </Link>
        <span className="spacer" />
        <AsyncButton
          className="btn small"
          onClick={() => api().call('sources.refresh', { id: source.id })}
          disabled={source.refreshing}
          aria-label={`Refresh ${source.name}`}
        >
          <RefreshCw size={14} aria-hidden="true" /> <span className="action-text">Refresh</span>
        </AsyncButton>
        <button
          type="button"
          className="btn small"
          onClick={() => onEdit(source)}
          aria-label={`Edit ${source.name}`}
        >
          <Pencil size={14} aria-hidden="true" /> <span className="action-text">Edit</span>
        </button>
        <button
          type="button"
          className="btn small danger"
          onClick={() => setRemoving(true)}
          aria-label={`Remove ${source.name}`}
        >
          <Trash2 size={14} aria-hidden="true" /> <span className="action-text">Remove</span>
        </button>
      </footer>

      <ConfirmDialog
        open={removing}
        title={`Remove ${source.name}?`}
        confirmLabel="Remove source"
        onClose={() => setRemoving(false)}
        onConfirm={() => api().call('sources.remove', { id: source.id })}
      >
        Its {count(c.live, 'channel')}
        {guideNames.length ? ' and its own guide' : ''} go, and so do recordings scheduled on them that have
        not started. Finished recordings stay in your library.
      </ConfirmDialog>
    </article>
  );
}

function AccountFact({ source, now }: { source: SourceInfo; now: number }) {
  const account = source.account!;
  const { text, tone } = accountText(account, now);
  return (
    <div>
      <dt>Account</dt>
      <dd>
        <span className={tone === 'ok' ? '' : tone === 'warn' ? 'warning-text' : 'danger-text'}>{text}</span>
        {account.maxConnections !== null && (
          <span className="muted">
            {' '}
            · {account.activeConnections ?? 0} of {account.maxConnections} connections in use
          </span>
        )}
        <span className="muted"> · streams as {account.outputFormat === 'ts' ? 'MPEG-TS' : 'HLS'}</span>
      </dd>
    </div>
  );
}

/** Guides the playlist names in its header: listed, each added only when the user says so. */
function OfferedGuides({ source }: { source: SourceInfo }) {
  return (
    <section className="offered" aria-label="Guides this playlist offers">
      <p className="small">
        <strong>This playlist offers {source.offeredGuides.length === 1 ? 'a guide' : 'guides'}.</strong>{' '}
        <span className="muted">Add one to see what is on its channels.</span>
      </p>
      <ul className="list">
        {source.offeredGuides.map((url) => (
          <li key={url} className="offered-row">
            <span className="small truncate mono" title={url}>
              {url}
            </span>
            <AsyncButton
              className="btn small"
              onClick={() => api().call('guides.add', { location: url, sourceId: source.id })}
              done="Guide added"
              aria-label={`Add the guide ${url}`}
            >
              <Plus size={14} aria-hidden="true" /> Add
            </AsyncButton>
          </li>
        ))}
      </ul>
    </section>
  );
}
