// A generated library for cleanup tests: finished recordings written through the store as the recorder
// would (scheduled -> recording -> completed/failed/cancelled), each with a real small file under the
// recordings folder at the path naming.ts gives it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Dvr } from '../../src-main/core/dvr';
import { recordingFilePath } from '../../src-main/core/library/naming';
import type { Recording } from '../../src-shared/domain';
import type { ProgrammeRef } from '../../src-shared/domain-rules';

export const H = 3600_000;
export const DAY = 24 * H;

export interface FinishedSpec {
  title: string;
  /** How long ago it ended. */
  endedAgoMs: number;
  lengthMs?: number;
  status?: 'completed' | 'failed' | 'cancelled';
  ruleId?: number | null;
  /** Bytes of its real file (0: no file at all). */
  bytes?: number;
  protected?: boolean;
  watched?: boolean;
  programme?: Partial<ProgrammeRef> & { title: string };
}

export function finishedRecording(dvr: Dvr, spec: FinishedSpec): Recording {
  const length = spec.lengthMs ?? H;
  const end = Date.now() - spec.endedAgoMs;
  const programme: ProgrammeRef | null = spec.programme
    ? {
        guideId: 1,
        xmltvChannelId: 'one.tv',
        start: end - length,
        stop: end,
        subTitle: null,
        description: null,
        categories: [],
        season: null,
        episode: null,
        episodeNum: null,
        uid: null,
        icon: null,
        isNew: false,
        previouslyShown: false,
        premiere: false,
        ...spec.programme,
      }
    : null;
  const created = dvr.store.create(
    {
      title: spec.title,
      channelId: null,
      url: 'http://127.0.0.1:9/library.ts',
      startAt: end - length,
      endAt: end,
      padBeforeMs: 0,
      padAfterMs: 0,
      container: 'ts',
      ruleId: spec.ruleId ?? null,
      programme,
    },
    'test library',
  );
  const bytes = spec.bytes ?? 10_000;
  let outputPath: string | null = null;
  if (bytes > 0) {
    outputPath = recordingFilePath(dvr.recordingsDir(), spec.title, end - length, 'ts');
    mkdirSync(path.dirname(outputPath), { recursive: true });
    writeFileSync(outputPath, Buffer.alloc(bytes, 0x47));
  }
  dvr.store.transition(created.id, 'recording', 'test', { actualStartAt: end - length });
  const done = dvr.store.transition(created.id, spec.status ?? 'completed', 'test', {
    actualEndAt: end,
    outputPath,
    sizeBytes: bytes > 0 ? bytes : null,
    durationMs: length,
    capturedMs: length,
    error: spec.status === 'failed' ? 'test failure' : null,
  });
  if (!spec.protected && !spec.watched) return done;
  return dvr.store.update(created.id, {
    protected: spec.protected ?? false,
    watchedAt: spec.watched ? end + H : null,
  });
}
