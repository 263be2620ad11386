// The recording state machine: which status may follow which. Pure; the store applies it.
import type { RecordingStatus } from '../../../src-shared/domain';

const ALLOWED: Record<RecordingStatus, readonly RecordingStatus[]> = {
  // start (timer, reconcile or start-now), cancel, or missed/refused before any capture
  scheduled: ['recording', 'cancelled', 'failed'],
  // finalized with what was captured, failed with nothing captured, or cancelled mid-way
  recording: ['completed', 'failed', 'cancelled'],
  // retry: back to scheduled when the window is ahead, straight to recording when inside it
  failed: ['scheduled', 'recording'],
  completed: [],
  cancelled: [],
};

export function canTransition(from: RecordingStatus, to: RecordingStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function allowedFrom(from: RecordingStatus): readonly RecordingStatus[] {
  return ALLOWED[from];
}

export const TERMINAL_STATUSES: readonly RecordingStatus[] = ['completed', 'failed', 'cancelled'];
