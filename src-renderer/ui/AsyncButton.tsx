// A button for an action that talks to the core: it shows that it is working, cannot be pressed twice
// meanwhile, and reports the outcome (a toast on success when asked, always on failure).
import { useState, type ReactNode } from 'react';
import { errorText, toast } from './toast';

export interface AsyncButtonProps {
  onClick: () => Promise<unknown>;
  children: ReactNode;
  className?: string;
  /** Said when it worked (nothing when left out: the screen shows the new state). */
  done?: string;
  disabled?: boolean;
  title?: string;
  'aria-label'?: string;
}

export function AsyncButton({
  onClick,
  children,
  className = 'btn',
  done,
  disabled,
  ...rest
}: AsyncButtonProps) {
  const [busy, setBusy] = useState(false);
  const run = () => {
    if (busy) return;
    setBusy(true);
    onClick()
      .then(() => {
        if (done) toast.success(done);
      })
      .catch((error: unknown) => toast.error(errorText(error)))
      .finally(() => setBusy(false));
  };
  return (
    <button
      type="button"
      className={className}
      onClick={run}
      disabled={disabled || busy}
      aria-busy={busy}
      {...rest}
    >
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
