// What the tray and notifications say: pure functions of core state, tested without Electron.
import type { Recording } from '../../src-shared/domain';

export function trayTooltip(
  recordingNow: number,
  next: { title: string; startAt: number } | null,
  now = Date.now(),
): string {
  const head = recordingNow > 0 ? `Tapedeck — recording ${recordingNow}` : 'Tapedeck — idle';
  if (!next) return head;
  const at = new Date(next.startAt);
  const sameDay = new Date(now).toDateString() === at.toDateString();
  const when = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `${head}\nNext: ${next.title} at ${sameDay ? when : `${at.toLocaleDateString()} ${when}`}`;
}

/** A notification for a status change worth interrupting someone for, or null. */
export function notificationFor(recording: Recording): { title: string; body: string } | null {
  switch (recording.status) {
    case 'recording':
      return { title: 'Recording started', body: recording.title };
    case 'completed': {
      const pct = Math.round((100 * (recording.capturedMs ?? 0)) / Math.max(1, recording.expectedMs));
      return recording.gaps.length > 0
        ? {
            title: 'Recorded with gaps',
            body: `${recording.title}: ${pct}% captured, ${recording.gaps.length} gap(s)`,
          }
        : { title: 'Recording finished', body: recording.title };
    }
    case 'failed':
      return { title: 'Recording failed', body: `${recording.title}: ${recording.error ?? 'unknown error'}` };
    default:
      return null;
  }
}
