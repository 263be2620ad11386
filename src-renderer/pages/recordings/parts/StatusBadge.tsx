// A recording's status as a badge: the same words and colours on every list and the details.
import type { Recording } from '../../../../src-shared/domain';
import { problemOf } from '../logic/health';

export function statusText(r: Recording): string {
  switch (r.status) {
    case 'scheduled':
      return r.conflict ? 'Conflict' : 'Scheduled';
    case 'recording':
      return 'Recording';
    case 'completed':
      return problemOf(r) ? 'Incomplete' : 'Recorded';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}

function tone(r: Recording): string {
  switch (r.status) {
    case 'scheduled':
      return r.conflict ? 'danger' : 'accent';
    case 'recording':
      return 'recording';
    case 'completed':
      return problemOf(r) ? 'warning' : 'success';
    case 'failed':
      return 'danger';
    case 'cancelled':
      return '';
  }
}

export function StatusBadge({ recording }: { recording: Recording }) {
  return (
    <span className={`badge ${tone(recording)}`} data-testid="status" data-status={recording.status}>
      {recording.status === 'recording' && <span className="dot live" aria-hidden="true" />}
      {statusText(recording)}
    </span>
  );
}
