// What the player plays for a recording, and how: a recording in progress over its growing HLS playlist
// (from the beginning, across reconnects), a finished .ts over the keyframe-indexed VOD playlist
// (browsers cannot play MPEG-TS directly, hls.js can), an mp4 or mkv directly with range requests, the
// segments of a failed recording over HLS. Null, with the reason, when there is nothing yet.
import type { Recording } from '../../../src-shared/domain';
import type { Live } from '../../state/recordings';

export type Source =
  { mode: 'live' | 'hls'; leaf: 'index.m3u8' } | { mode: 'direct'; leaf: `file.${string}` };

export type Playable =
  { ok: true; source: Source } | { ok: false; why: 'scheduled' | 'waiting' | 'nothing' | 'missing' };

export function playableOf(r: Recording, live: Live | undefined): Playable {
  if (r.status === 'recording') {
    const captured = (live?.progress?.bytes ?? 0) > 0 || r.segments.length > 0 || (r.capturedMs ?? 0) > 0;
    return captured
      ? { ok: true, source: { mode: 'live', leaf: 'index.m3u8' } }
      : { ok: false, why: 'waiting' };
  }
  // Moved or deleted outside the app (library.rescan noticed): nothing to ask the server for.
  if (r.outputPath && r.fileMissing) return { ok: false, why: 'missing' };
  if (r.outputPath) {
    const ext = r.outputPath.split('.').pop()?.toLowerCase() ?? r.container;
    return ext === 'ts'
      ? { ok: true, source: { mode: 'hls', leaf: 'index.m3u8' } }
      : { ok: true, source: { mode: 'direct', leaf: `file.${ext}` } };
  }
  if (r.segments.length > 0) return { ok: true, source: { mode: 'hls', leaf: 'index.m3u8' } };
  return { ok: false, why: r.status === 'scheduled' ? 'scheduled' : 'nothing' };
}

/** Where the player was in each recording, so it opens there again (this browser only). */
const KEY = 'tapedeck-position:';

export function savedPosition(id: number): number | null {
  try {
    const value = Number(localStorage.getItem(KEY + id));
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

export function savePosition(id: number, seconds: number | null): void {
  try {
    if (seconds === null || seconds < 5) localStorage.removeItem(KEY + id);
    else localStorage.setItem(KEY + id, String(Math.floor(seconds)));
  } catch {
    // Storage full or refused: the position is a convenience.
  }
}

/** A saved position worth resuming: not the first seconds, not the last ones (then it starts over). */
export function resumeFrom(saved: number | null, duration: number | null): number | null {
  if (saved === null || saved < 10) return null;
  if (duration !== null && Number.isFinite(duration) && saved > duration - 15) return null;
  return saved;
}
