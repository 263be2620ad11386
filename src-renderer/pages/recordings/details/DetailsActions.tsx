// What can be done with this recording, by status: start now, stop, cancel (which asks about what was
// captured), retry, edit, delete, play or watch (not while its file is missing: the button says why),
// protect from cleanup, show in folder (desktop only).
import {
  Edit3,
  FolderOpen,
  Lock,
  LockOpen,
  Play,
  PlayCircle,
  RotateCcw,
  Square,
  Trash2,
  XCircle,
} from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { windowOf, type Recording } from '../../../../src-shared/domain';
import { api } from '../../../state/connection';
import { useRecordings } from '../../../state/recordings';
import { AsyncButton } from '../../../ui/AsyncButton';
import { toast } from '../../../ui/toast';
import { hasMedia } from '../logic/health';
import { MISSING_REASON } from '../parts/FileMarks';
import { CancelDialog } from '../parts/CancelDialog';
import { DeleteDialog } from '../parts/DeleteDialog';
import { EditDialog } from '../parts/EditDialog';
import { capturedMsOf } from '../parts/LiveStats';

/** The desktop bridge, with the folder action it may offer (see the report: a shared change). */
interface FolderBridge {
  showInFolder?: (path: string) => Promise<unknown> | void;
}

function desktopBridge(): FolderBridge | null {
  return (window.tapedeck as FolderBridge | undefined) ?? null;
}

async function showInFolder(path: string): Promise<void> {
  const bridge = desktopBridge();
  if (bridge?.showInFolder) {
    await bridge.showInFolder(path);
    return;
  }
  // A desktop build without the folder action: the path, ready to paste into a file manager.
  await navigator.clipboard.writeText(path);
  toast.info('The file’s path is copied');
}

/** Protects it (or not) and shows the answer at once (the core's event follows with the same row). */
async function protect(r: Recording, on: boolean): Promise<void> {
  const updated = await api().call('recordings.protect', { id: r.id, protected: on });
  useRecordings.setState((st) => ({ byId: { ...st.byId, [updated.id]: updated } }));
}

export function DetailsActions({
  recording: r,
  now,
  onGone,
}: {
  recording: Recording;
  now: number;
  onGone: () => void;
}) {
  const live = useRecordings((s) => s.live[r.id]);
  const [dialog, setDialog] = useState<'cancel' | 'delete' | 'edit' | null>(null);
  const close = () => setDialog(null);
  const windowOpen = windowOf(r).end > now;
  const s = r.status;
  return (
    <div className="details-actions" role="toolbar" aria-label="Actions">
      {s === 'recording' && (
        <Link className="btn primary" to={`/play/${r.id}`}>
          <PlayCircle size={16} aria-hidden="true" /> Watch
        </Link>
      )}
      {s !== 'recording' && hasMedia(r) && !r.fileMissing && (
        <Link className="btn primary" to={`/play/${r.id}`}>
          <Play size={16} aria-hidden="true" /> Play
        </Link>
      )}
      {s !== 'recording' && r.fileMissing && (
        <>
          {/* The banner under the actions says it in full; the button carries it for the pointer and
              screen readers. */}
          <button
            type="button"
            className="btn primary"
            disabled
            title={MISSING_REASON}
            aria-describedby={`missing-${r.id}`}
          >
            <Play size={16} aria-hidden="true" /> Play
          </button>
          <span id={`missing-${r.id}`} className="visually-hidden">
            {MISSING_REASON}
          </span>
        </>
      )}
      {(s === 'scheduled' || (s === 'failed' && windowOpen)) && (
        <AsyncButton
          className={hasMedia(r) ? 'btn' : 'btn primary'}
          onClick={() => api().call('recordings.startNow', { id: r.id })}
          done={`Recording “${r.title}” now`}
        >
          <PlayCircle size={16} aria-hidden="true" /> Start now
        </AsyncButton>
      )}
      {s === 'recording' && (
        <AsyncButton
          onClick={() => api().call('recordings.stop', { id: r.id })}
          done={`Stopped “${r.title}”; it is in the library`}
          title="End it now and keep it as a recording"
        >
          <Square size={15} aria-hidden="true" /> Stop
        </AsyncButton>
      )}
      {s === 'failed' && windowOpen && (
        <AsyncButton
          onClick={() => api().call('recordings.retry', { id: r.id })}
          done={`Retrying “${r.title}”`}
        >
          <RotateCcw size={15} aria-hidden="true" /> Retry
        </AsyncButton>
      )}
      {(s === 'scheduled' || s === 'recording') && (
        <button type="button" className="btn" onClick={() => setDialog('edit')}>
          <Edit3 size={15} aria-hidden="true" /> {s === 'recording' ? 'Change end' : 'Edit'}
        </button>
      )}
      {(s === 'scheduled' || s === 'recording') && (
        <button
          type="button"
          className="btn danger"
          onClick={() => setDialog('cancel')}
          title={
            s === 'recording' ? 'Cancel it: you choose whether to keep what was captured' : 'Do not record it'
          }
        >
          <XCircle size={16} aria-hidden="true" /> Cancel…
        </button>
      )}
      {desktopBridge() && r.outputPath && (
        <AsyncButton onClick={() => showInFolder(r.outputPath!)}>
          <FolderOpen size={16} aria-hidden="true" /> Show in folder
        </AsyncButton>
      )}
      {(s === 'completed' || s === 'cancelled') && (
        <AsyncButton
          onClick={() => protect(r, !r.protected)}
          done={
            r.protected ? `“${r.title}” is no longer protected` : `“${r.title}” is protected from cleanup`
          }
          title={r.protected ? 'Let cleanup delete it again' : 'Cleanup will never delete it'}
        >
          {r.protected ? (
            <>
              <LockOpen size={15} aria-hidden="true" /> Unprotect
            </>
          ) : (
            <>
              <Lock size={15} aria-hidden="true" /> Protect
            </>
          )}
        </AsyncButton>
      )}
      {s !== 'recording' && (
        <button type="button" className="btn danger" onClick={() => setDialog('delete')}>
          <Trash2 size={15} aria-hidden="true" /> Delete…
        </button>
      )}
      <CancelDialog
        recording={r}
        capturedMs={capturedMsOf(r, live)}
        open={dialog === 'cancel'}
        onClose={close}
        onDiscarded={onGone}
      />
      <DeleteDialog recordings={[r]} open={dialog === 'delete'} onClose={close} onDeleted={onGone} />
      <EditDialog recording={r} open={dialog === 'edit'} onClose={close} />
    </div>
  );
}
