// Commercial breaks as data: comskip's EDL (MPlayer/Kodi format: "start end type" in seconds per line),
// the chapters written at breaks and gap boundaries (FFMETADATA), and the ranges a lossless cut keeps.
// Pure functions: unit-tested without comskip or ffmpeg.
import type { Break } from '../../../../src-shared/contract-library-process';
import type { Gap, Segment } from '../../../../src-shared/domain';

/** Breaks from EDL text: commercial (type 0) and cut (type 3) lines, sorted, merged, within the file. */
export function parseEdl(text: string, durationMs: number | null = null): Break[] {
  const breaks: Break[] = [];
  for (const line of text.split(/\r?\n/)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2) continue;
    const start = Number(parts[0]);
    const end = Number(parts[1]);
    const type = parts[2] === undefined ? 0 : Number(parts[2]);
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start || start < 0) continue;
    if (type !== 0 && type !== 3) continue; // 1 mute, 2 scene marker: not a break
    let endMs = Math.round(end * 1000);
    if (durationMs !== null) endMs = Math.min(endMs, durationMs);
    const startMs = Math.round(start * 1000);
    if (endMs > startMs) breaks.push({ startMs, endMs });
  }
  breaks.sort((a, b) => a.startMs - b.startMs);
  const merged: Break[] = [];
  for (const b of breaks) {
    const last = merged.at(-1);
    if (last && b.startMs <= last.endMs) last.endMs = Math.max(last.endMs, b.endMs);
    else merged.push({ ...b });
  }
  return merged;
}

/** The parts of [0, duration] outside the breaks. */
export function keptRanges(breaks: readonly Break[], durationMs: number): Break[] {
  const kept: Break[] = [];
  let at = 0;
  for (const b of breaks) {
    if (b.startMs > at) kept.push({ startMs: at, endMs: Math.min(b.startMs, durationMs) });
    at = Math.max(at, b.endMs);
  }
  if (at < durationMs) kept.push({ startMs: at, endMs: durationMs });
  return kept.filter((r) => r.endMs - r.startMs >= 1);
}

export function totalMs(ranges: readonly Break[]): number {
  return ranges.reduce((sum, r) => sum + (r.endMs - r.startMs), 0);
}

/**
 * Where each gap falls in the file: a gap between segments is at the media time of the segments
 * before it. Gaps at the very start or end (a late start, an early end) are no boundary inside the file.
 */
export function gapPositions(
  gaps: readonly Gap[],
  segments: readonly Pick<Segment, 'startedAt' | 'endedAt' | 'mediaMs'>[],
  durationMs: number,
): number[] {
  const positions = new Set<number>();
  for (const gap of gaps) {
    const before = segments.filter((s) => (s.endedAt ?? s.startedAt) <= gap.start);
    const at = before.reduce((sum, s) => sum + s.mediaMs, 0);
    if (at > 1000 && at < durationMs - 1000) positions.add(at);
  }
  return [...positions].sort((a, b) => a - b);
}

export interface Chapter {
  startMs: number;
  endMs: number;
  title: string;
}

/** Chapters over the whole file: programme parts, each break, split again at gap boundaries. */
export function chaptersFor(
  breaks: readonly Break[],
  gapsAt: readonly number[],
  durationMs: number,
): Chapter[] {
  const marks = new Map<number, string>();
  marks.set(0, 'Programme');
  for (const b of breaks) {
    marks.set(b.startMs, 'Commercial break');
    if (b.endMs < durationMs) marks.set(b.endMs, 'Programme');
  }
  for (const at of gapsAt) if (!marks.has(at)) marks.set(at, 'After a gap in the recording');
  const starts = [...marks.keys()].filter((at) => at < durationMs).sort((a, b) => a - b);
  return starts.map((startMs, i) => ({
    startMs,
    endMs: starts[i + 1] ?? durationMs,
    title: marks.get(startMs)!,
  }));
}

/** An FFMETADATA file with these chapters (times in ms). */
export function ffmetadata(chapters: readonly Chapter[]): string {
  const escape = (value: string) => value.replace(/[=;#\\\n]/g, (c) => `\\${c}`);
  const lines = [';FFMETADATA1'];
  for (const c of chapters) {
    lines.push(
      '[CHAPTER]',
      'TIMEBASE=1/1000',
      `START=${c.startMs}`,
      `END=${c.endMs}`,
      `title=${escape(c.title)}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A position in the original file, in the file after the breaks were cut out. */
export function positionAfterCut(breaks: readonly Break[], atMs: number): number {
  let removed = 0;
  for (const b of breaks) {
    if (b.endMs <= atMs) removed += b.endMs - b.startMs;
    else if (b.startMs < atMs) removed += atMs - b.startMs;
  }
  return atMs - removed;
}

/** The concat-demuxer list that keeps `ranges` of `file` (inpoint/outpoint in seconds). */
export function cutList(file: string, ranges: readonly Break[]): string {
  const quoted = `file '${file.replace(/'/g, "'\\''")}'`;
  return (
    ranges
      .map(
        (r) => `${quoted}\ninpoint ${(r.startMs / 1000).toFixed(3)}\noutpoint ${(r.endMs / 1000).toFixed(3)}`,
      )
      .join('\n') + '\n'
  );
}
