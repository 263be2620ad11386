// Cancel is not Stop. Stop ends a recording early and keeps it as recorded; Cancel says "I did not want
// this": a scheduled one will not record, and a running one asks what to do with what it captured (the
// core keeps it; discarding deletes the files after cancelling).
import { useState } from 'react';
import type { Recording } from '../../../../src-shared/domain';
import { api } from '../../../state/connection';
import { Dialog } from '../../../ui/Dialog';
import { formatDuration } from '../../../ui/format';
import { errorText, toast } from '../../../ui/toast';
import { cancelAndDiscard } from '../data/actions';

export function CancelDialog({
  recording,
  capturedMs,
  open,
  onClose,
  onDiscarded,
}: {
  recording: Recording;
  capturedMs: number;
  open: boolean;
  onClose: () => void;
  /** After the recording and its files are gone (the details page leaves). */
  onDiscarded?: () => void;
}) {
  const running = recording.status === 'recording';
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={running ? `Cancel “${recording.title}”?` : `Don’t record “${recording.title}”?`}
    >
      {open && (
        <CancelForm
          recording={recording}
          running={running}
          capturedMs={capturedMs}
          onClose={onClose}
          onDiscarded={onDiscarded}
        />
      )}
    </Dialog>
  );
}

function CancelForm({
  recording,
  running,
  capturedMs,
  onClose,
  onDiscarded,
}: {
  recording: Recording;
  running: boolean;
  capturedMs: number;
  onClose: () => void;
  onDiscarded: (() => void) | undefined;
}) {
  const [keep, setKeep] = useState(true);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      if (running && !keep) {
        await cancelAndDiscard(recording.id);
        toast.success(`Cancelled “${recording.title}” and deleted what it captured`);
        onClose();
        onDiscarded?.();
      } else {
        await api().call('recordings.cancel', { id: recording.id });
        toast.success(
          running
            ? `Cancelled “${recording.title}”; what it captured is kept`
            : `“${recording.title}” will not record`,
        );
        onClose();
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      {running ? (
        <>
          <p>
            It has captured <strong>{formatDuration(capturedMs)}</strong> so far. To end it early and keep it
            as a normal recording, use <strong>Stop</strong> instead.
          </p>
          <fieldset className="choice-list">
            <legend className="visually-hidden">What to do with what was captured</legend>
            <label>
              <input type="radio" name="keep" checked={keep} onChange={() => setKeep(true)} />
              <span>
                <strong>Keep what was captured</strong>
                <span className="muted small">
                  The recording is marked cancelled; its file stays in the library.
                </span>
              </span>
            </label>
            <label>
              <input type="radio" name="keep" checked={!keep} onChange={() => setKeep(false)} />
              <span>
                <strong>Discard it</strong>
                <span className="muted small">The recording and its files are deleted.</span>
              </span>
            </label>
          </fieldset>
        </>
      ) : (
        <p>
          It will not be recorded.
          {recording.ruleId !== null &&
            ' Its rule will leave this airing alone; you can restore it from Upcoming.'}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {running ? 'Keep recording' : 'Keep it'}
        </button>
        <button
          type="button"
          className="btn danger"
          onClick={() => void confirm()}
          disabled={pending}
          aria-busy={pending}
        >
          {pending && <span className="spinner" aria-hidden="true" />}
          {running ? (keep ? 'Cancel and keep' : 'Cancel and discard') : 'Don’t record'}
        </button>
      </div>
    </>
  );
}
