// The small notice after a break was skipped: what happened and a way back. It sits in the corner of the
// picture, over nothing that matters, and announces itself politely to screen readers.
import { formatClock } from '../../ui/format';
import type { Break } from '../../../src-shared/contract-library-process';

export function BreakNotice({
  skipped,
  onUndo,
  onDismiss,
}: {
  skipped: Break | null;
  onUndo: () => void;
  onDismiss: () => void;
}) {
  return (
    <div className="player-break-notice-slot" role="status" aria-live="polite">
      {skipped && (
        <div className="player-break-notice" onClick={(e) => e.stopPropagation()}>
          <span>
            Skipped break
            <span className="player-break-len">
              {' '}
              ({formatClock((skipped.endMs - skipped.startMs) / 1000)})
            </span>
          </span>
          <span aria-hidden="true">·</span>
          <button type="button" className="player-chip" onClick={onUndo}>
            Undo
          </button>
          <button type="button" className="player-chip" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
