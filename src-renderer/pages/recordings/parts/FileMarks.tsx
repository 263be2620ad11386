// The marks a finished recording carries in the lists and the details: its file is missing (moved or
// deleted outside the app, found by library.rescan) and it is protected from cleanup.
import { Lock } from 'lucide-react';
import type { Recording } from '../../../../src-shared/domain';
import { formatWhen } from '../../../ui/format';
import '../library-marks.css';

/** "File missing since Today 20:15" (or without the time when the core did not say). */
export function missingText(r: Pick<Recording, 'fileMissingSince'>, now = Date.now()): string {
  return r.fileMissingSince !== null
    ? `File missing since ${formatWhen(r.fileMissingSince, now)}`
    : 'File missing';
}

/** Why Play cannot work, for its tooltip and for screen readers. */
export const MISSING_REASON =
  'Cannot play: the file was moved or deleted outside Tapedeck. Put it back and rescan the library.';

export function ProtectedMark({ recording: r }: { recording: Recording }) {
  if (!r.protected) return null;
  return (
    <span className="lock-mark" title="Protected: cleanup never deletes it" data-testid="protected">
      <Lock size={13} aria-hidden="true" />
      <span className="visually-hidden">Protected</span>
    </span>
  );
}
