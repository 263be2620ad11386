// The core's reason codes (segment end reasons, skip reasons) as words for people.
import type { SegmentEndReason } from '../../../../src-shared/domain';
import type { SkipReason } from '../../../../src-shared/domain-rules';

const END_REASONS: Record<SegmentEndReason, string> = {
  'window-end': 'The window ended',
  stopped: 'Stopped by you',
  shutdown: 'Tapedeck was closed',
  crashed: 'Tapedeck stopped unexpectedly',
  'source-error': 'The source failed',
  'stream-ended': 'The stream ended early',
  stalled: 'The stream stalled',
  'disk-full': 'The disk was full',
  asleep: 'The computer was asleep',
};

export function endReasonText(reason: SegmentEndReason | null): string {
  return reason ? END_REASONS[reason] : 'Still capturing';
}

/**
 * A gap's cause as the core writes it ("stream-ended: Connection reset by peer", "started late") as a
 * headline and the detail behind it.
 */
export function describeCause(cause: string): { title: string; detail: string | null } {
  const colon = cause.indexOf(': ');
  const code = colon === -1 ? cause : cause.slice(0, colon);
  const detail = colon === -1 ? null : cause.slice(colon + 2);
  if (code in END_REASONS) return { title: END_REASONS[code as SegmentEndReason], detail };
  if (code === 'started late') return { title: 'Started late', detail };
  if (code === 'unknown') return { title: 'Unknown cause', detail };
  return { title: cause.charAt(0).toUpperCase() + cause.slice(1), detail: null };
}

const SKIP_REASONS: Record<SkipReason, string> = {
  duplicate: 'Already recorded',
  'not-new': 'Not a new episode',
  'outside-window': 'Outside the rule’s times',
  'rule-disabled': 'Rule turned off',
  cancelled: 'Cancelled by you',
  'once-per-period': 'Already has this period’s',
  'keep-limit': 'Keep limit reached',
  past: 'Too late to record',
};

export function skipText(skip: SkipReason | null): string {
  return skip ? SKIP_REASONS[skip] : 'Skipped';
}

/**
 * An error as a sentence: ffmpeg's lines start with the URL it failed on ("http://host/live/x.ts: Server
 * returned 404 Not Found"), which says little to a person and crowds out the reason. The full text stays
 * on the details page.
 */
export function readableError(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s]+?: /gi, '');
}
