// Recordings for the renderer's tests: a complete row with what a test does not care about filled in.
import type { Recording, Segment } from '../../../src-shared/domain';

export function recording(patch: Partial<Recording> & { id: number }): Recording {
  return {
    title: 'Evening News',
    ruleId: null,
    airingKey: null,
    programme: null,
    conflict: null,
    planNote: null,
    channelId: 1,
    channelName: 'BBC One',
    url: null,
    startAt: new Date(2026, 11, 5, 20, 0).getTime(),
    endAt: new Date(2026, 11, 5, 21, 0).getTime(),
    padBeforeMs: 0,
    padAfterMs: 0,
    container: 'ts',
    status: 'completed',
    attempt: 1,
    error: null,
    actualStartAt: null,
    actualEndAt: null,
    outputPath: '/rec/Evening News.ts',
    sizeBytes: 1_000_000,
    durationMs: 3600_000,
    capturedMs: 3600_000,
    expectedMs: 3600_000,
    gaps: [],
    segments: [],
    createdAt: 0,
    updatedAt: 0,
    protected: false,
    watchedAt: null,
    fileMissing: false,
    fileMissingSince: null,
    ...patch,
  };
}

export function segment(patch: Partial<Segment> & { index: number; startedAt: number }): Segment {
  return {
    path: `/seg/${patch.index}.ts`,
    endedAt: null,
    bytes: 1000,
    mediaMs: 0,
    endReason: null,
    error: null,
    ...patch,
  };
}
