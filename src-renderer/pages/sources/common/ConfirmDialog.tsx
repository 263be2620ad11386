// "Are you sure?" for actions that lose something (removing a source, a guide, a rule): says what goes
// and what stays, and runs the action with a pending state; a failure stays in the dialog.
import { useState, type ReactNode } from 'react';
import { Dialog } from '../../../ui/Dialog';
import { errorText } from '../../../ui/toast';

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    if (busy) return;
    setError(null);
    onClose();
  };
  const confirm = () => {
    setBusy(true);
    setError(null);
    onConfirm()
      .then(() => {
        setBusy(false);
        onClose();
      })
      .catch((e: unknown) => {
        setBusy(false);
        setError(errorText(e));
      });
  };
  return (
    <Dialog open={open} onClose={close} title={title}>
      <div className="muted">{children}</div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={close} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="btn danger-solid" onClick={confirm} disabled={busy} aria-busy={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
