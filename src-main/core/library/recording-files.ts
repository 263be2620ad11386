// Removes the files of a recording whose row is gone: its file, the segments it kept, its segment folder,
// and the show folders left empty (`Show/Season 01/` once its last episode went), never the recordings
// folder itself nor anything outside it. The one place a deleted recording's files go (sidecars, when
// they exist, belong here too).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Recording } from '../../../src-shared/domain';
import { removeEmptyParents, segmentDir } from './naming';

export interface RemovedFiles {
  removed: string[];
  /** Why a file that exists could not be removed (null when all went). */
  error: string | null;
}

export async function removeRecordingFiles(
  recordingsDir: string,
  recording: Pick<Recording, 'id' | 'outputPath' | 'segments'>,
): Promise<RemovedFiles> {
  const removed: string[] = [];
  const errors: string[] = [];
  for (const file of [recording.outputPath, ...recording.segments.map((s) => s.path)]) {
    if (!file) continue;
    try {
      // Not recursive: a path that turned into a folder is not ours to empty.
      await fs.rm(file);
      removed.push(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') errors.push(`${file}: ${(error as Error).message}`);
    }
  }
  await fs
    .rm(segmentDir(recordingsDir, recording.id), { recursive: true, force: true })
    .catch(() => undefined);
  if (recording.outputPath) await removeEmptyParents(recordingsDir, path.dirname(recording.outputPath));
  return { removed, error: errors.length ? errors.join('; ') : null };
}
