// The capture loop's retry policy: how long to wait before reconnecting, and the event-log wording of
// a failover. Apart from capture.ts so the policy reads (and can be tested) without ffmpeg.
import { redactUrl } from '../redact';
import type { CaptureSettings } from './capture-settings';

/**
 * Delay before the n-th consecutive retry: three tries at the base delay, then doubling every three
 * tries, capped. Dense at first because every second of a live programme counts, sparse later so
 * a dead provider is not hammered.
 */
export function retryDelay(
  failures: number,
  settings: Pick<CaptureSettings, 'retryBaseMs' | 'retryMaxMs'>,
): number {
  const step = Math.floor(Math.max(0, failures - 1) / 3);
  return Math.min(settings.retryBaseMs * 2 ** step, settings.retryMaxMs);
}

/** Stream URLs often carry credentials or tokens; the event log shows scheme, host and path, redacted. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return redactUrl(`${u.protocol}//${u.host}${u.pathname}`);
  } catch {
    return '(invalid url)';
  }
}
