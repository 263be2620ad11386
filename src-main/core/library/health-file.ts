// The JSON health file beside a recording (X.health.json): what was captured, for scripts and for anyone
// wondering later why an episode has a hole. Texts come from the store, already redacted (no stream
// credentials); the stream URL of a direct recording is the redacted one the store shows.
import path from 'node:path';
import type { Recording } from '../../../src-shared/domain';

export const HEALTH_FILE_VERSION = 1;

export function healthDocument(r: Recording, generatedAt: number): Record<string, unknown> {
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  const captured = r.capturedMs ?? 0;
  return {
    version: HEALTH_FILE_VERSION,
    generator: 'Tapedeck',
    generatedAt: iso(generatedAt),
    recording: { id: r.id, title: r.title, status: r.status, error: r.error },
    file: {
      name: r.outputPath ? path.basename(r.outputPath) : null,
      container: r.container,
      sizeBytes: r.sizeBytes,
      durationMs: r.durationMs,
    },
    source: r.url !== null ? { kind: 'url', url: r.url } : { kind: 'channel', channel: r.channelName },
    programme: r.programme
      ? {
          title: r.programme.title,
          subTitle: r.programme.subTitle,
          season: r.programme.season,
          episode: r.programme.episode,
          start: iso(r.programme.start),
          stop: iso(r.programme.stop),
        }
      : null,
    window: {
      start: iso(r.startAt - r.padBeforeMs),
      end: iso(r.endAt + r.padAfterMs),
      padBeforeMs: r.padBeforeMs,
      padAfterMs: r.padAfterMs,
    },
    actual: { start: iso(r.actualStartAt), end: iso(r.actualEndAt) },
    expectedMs: r.expectedMs,
    capturedMs: r.capturedMs,
    /** Captured time over the padded window, 0..1 (to 3 decimals). */
    capturedShare: r.expectedMs > 0 ? Math.round(Math.min(1, captured / r.expectedMs) * 1000) / 1000 : null,
    gaps: r.gaps.map((g) => ({ start: iso(g.start), end: iso(g.end), ms: g.end - g.start, cause: g.cause })),
    segments: r.segments.map((s) => ({
      index: s.index,
      startedAt: iso(s.startedAt),
      endedAt: iso(s.endedAt),
      mediaMs: s.mediaMs,
      bytes: s.bytes,
      endReason: s.endReason,
      error: s.error,
    })),
  };
}
