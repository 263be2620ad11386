// Deleting one recording or many: with their files (the default: it is what frees the disk) or
// keeping the files on disk and forgetting only the entries.
import { useState } from 'react';
import type { Recording } from '../../../../src-shared/domain';
import { api } from '../../../state/connection';
import { Dialog } from '../../../ui/Dialog';
import { formatBytes } from '../../../ui/format';
import { toast } from '../../../ui/toast';
import { forEachId } from '../data/actions';

export function DeleteDialog({
  recordings,
  open,
  onClose,
  onDeleted,
}: {
  recordings: readonly Recording[];
  open: boolean;
  onClose: () => void;
  onDeleted?: (ids: number[]) => void;
}) {
  const title =
    recordings.length === 1 ? `Delete “${recordings[0]!.title}”?` : `Delete ${recordings.length} recordings?`;
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      {open && <DeleteForm recordings={recordings} onClose={onClose} onDeleted={onDeleted} />}
    </Dialog>
  );
}

function DeleteForm({
  recordings,
  onClose,
  onDeleted,
}: {
  recordings: readonly Recording[];
  onClose: () => void;
  onDeleted: ((ids: number[]) => void) | undefined;
}) {
  const [keepFile, setKeepFile] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bytes = recordings.reduce((sum, r) => sum + (r.sizeBytes ?? 0), 0);
  const withFiles = recordings.filter((r) => r.outputPath !== null || r.segments.length > 0).length;

  async function confirm() {
    setPending(true);
    setError(null);
    const ids = recordings.map((r) => r.id);
    const outcome = await forEachId(ids, (id) => api().call('recordings.delete', { id, keepFile }));
    setPending(false);
    if (outcome.failed.length === 0) {
      toast.success(outcome.done === 1 ? 'Recording deleted' : `${outcome.done} recordings deleted`);
      onClose();
      onDeleted?.(ids);
      return;
    }
    setError(
      `${outcome.failed.length} could not be deleted: ${outcome.failed
        .slice(0, 3)
        .map((f) => f.error)
        .join('; ')}`,
    );
    onDeleted?.(ids.filter((id) => !outcome.failed.some((f) => f.id === id)));
  }

  return (
    <>
      <p>
        {withFiles === 0
          ? 'They have no files.'
          : keepFile
            ? 'The entries go; the files stay where they are on disk.'
            : `The files go too${bytes > 0 ? `, freeing ${formatBytes(bytes)}` : ''}.`}
      </p>
      {withFiles > 0 && (
        <label className="check">
          <input type="checkbox" checked={keepFile} onChange={(e) => setKeepFile(e.target.checked)} />
          Keep the files on disk
        </label>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Keep
        </button>
        <button
          type="button"
          className="btn danger"
          onClick={() => void confirm()}
          disabled={pending}
          aria-busy={pending}
        >
          {pending && <span className="spinner" aria-hidden="true" />}
          Delete
        </button>
      </div>
    </>
  );
}
