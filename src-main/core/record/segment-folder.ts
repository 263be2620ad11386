// Where a capture's segments go: under the recordings folder, or under the root post-processing names
// (local scratch while the recordings folder is a share that does not answer; library/postprocess/share.ts).
import { ensureDirInside, segmentDir } from '../library/naming';

/** The recording's segment folder under today's root, created (never outside that root). */
export async function segmentFolder(
  recordingsDir: string,
  segmentRoot: (() => Promise<string>) | undefined,
  recordingId: number,
): Promise<string> {
  const root = (await segmentRoot?.()) ?? recordingsDir;
  const where = segmentDir(root, recordingId);
  await ensureDirInside(root, where);
  return where;
}
