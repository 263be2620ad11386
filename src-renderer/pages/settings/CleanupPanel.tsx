// Cleanup from Settings: "Preview cleanup" lists what retention would delete now and why (a dry run
// of library.cleanup: the same choice a real run makes), and "Clean up now" deletes it after a
// confirmation that says how much goes.
import { Eye, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { CleanupResult } from '../../../src-shared/domain-library-space';
import { formatBytes } from '../../ui/format';
import { errorText, toast } from '../../ui/toast';
import { ConfirmDialog } from '../sources/common/ConfirmDialog';
import { runCleanup } from './settings-api';

type Preview =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'error'; message: string }
  | { state: 'ready'; result: CleanupResult };

export function CleanupPanel({ unsaved }: { unsaved: boolean }) {
  const [preview, setPreview] = useState<Preview>({ state: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<CleanupResult | null>(null);

  const look = () => {
    setPreview({ state: 'busy' });
    setDone(null);
    runCleanup(true)
      .then((result) => setPreview({ state: 'ready', result }))
      .catch((e: unknown) => setPreview({ state: 'error', message: errorText(e) }));
  };
  const cleanNow = async () => {
    const result = await runCleanup(false);
    setDone(result);
    setPreview({ state: 'idle' });
    const failed = result.deleted.filter((d) => d.error).length;
    if (failed)
      toast.error(
        `Cleanup deleted ${result.deleted.length - failed}; ${failed} file(s) could not be removed`,
      );
    else toast.success(`Cleanup freed ${formatBytes(result.freedBytes)}`);
  };
  const shown = done ?? (preview.state === 'ready' ? preview.result : null);

  return (
    <div className="setting-row">
      <div className="setting-text">
        <span className="setting-label">Cleanup</span>
        <p className="small muted">
          Runs every day on its own. Preview what it would delete now, and why.
          {unsaved && ' It uses the saved settings: save your changes first.'}
        </p>
      </div>
      <div className="setting-control">
        <div className="cleanup-actions">
          <button
            type="button"
            className="btn"
            onClick={look}
            disabled={preview.state === 'busy'}
            aria-busy={preview.state === 'busy'}
          >
            {preview.state === 'busy' ? (
              <span className="spinner" aria-hidden="true" />
            ) : (
              <Eye size={16} aria-hidden="true" />
            )}
            Preview cleanup
          </button>
          <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
            <Trash2 size={16} aria-hidden="true" /> Clean up now…
          </button>
        </div>
        {preview.state === 'error' && (
          <span className="small danger-text" role="alert">
            Could not preview cleanup: {preview.message}
          </span>
        )}
        {shown && <CleanupList result={shown} />}
      </div>
      <ConfirmDialog
        open={confirming}
        title="Clean up now?"
        confirmLabel="Delete them"
        onConfirm={cleanNow}
        onClose={() => setConfirming(false)}
      >
        {preview.state === 'ready'
          ? `${preview.result.deleted.length} recording(s), ${formatBytes(preview.result.freedBytes)}, as the preview lists, are deleted with their files. `
          : 'What the retention settings allow is deleted now, with the files (preview it first to see what). '}
        Protected recordings stay. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}

function CleanupList({ result }: { result: CleanupResult }) {
  const verb = result.dryRun ? 'would delete' : 'deleted';
  return (
    <div className="cleanup-result" role="status">
      <p className="small">
        {result.deleted.length === 0
          ? result.dryRun
            ? 'Nothing to delete: every recording is within the retention settings.'
            : 'Nothing was deleted.'
          : `Cleanup ${verb} ${result.deleted.length} recording${result.deleted.length === 1 ? '' : 's'}, ${formatBytes(result.freedBytes)}.`}
        {result.shortfallBytes > 0 &&
          ` The free-space target is still ${formatBytes(result.shortfallBytes)} short (protected and recent recordings stay).`}
      </p>
      {result.deleted.length > 0 && (
        <ul className="list cleanup-list">
          {result.deleted.map((d) => (
            <li key={d.id}>
              <span className="cleanup-title truncate">{d.title}</span>
              <span className="small muted">
                {formatBytes(d.bytes)} · {d.detail}
              </span>
              {d.error && <span className="small danger-text">{d.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
