// What post-processing asks of the recorder (all optional: a recorder without them copies streams into
// the recordings folder and tells nobody): a profile that encodes while capturing, local scratch while
// the recordings folder is a share that does not answer, and a call for each finalized recording.
import type { Recording } from '../../../../src-shared/domain';
import type { EncodeProfile } from './profile-args';

export interface RecorderHooks {
  captureProfile: (recording: Recording) => EncodeProfile | null;
  /** Where the next segment goes (scratch or the recordings folder). */
  segmentRoot: () => Promise<string>;
  /** Where a finished file goes (the recordings folder, or scratch while the share is away). */
  outputRoot: () => Promise<string>;
  /** Called once its final status is written (completed or cancelled with a file). */
  onFinalized: (recording: Recording) => void;
}
