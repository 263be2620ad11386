// The capture's free-space checks: the forecast before it starts (a note when the show will not fit)
// and the check a running segment makes, more often when space is low. Apart from capture.ts so the
// loop reads as the loop; the shortage itself (reserve, database headroom) is disk-space.ts's call.
import type { RecordingStore } from '../recordings/store';
import type { DiskSpace } from './disk-space';

/** Below this much room, free space is checked every second instead of every diskCheckMs. */
export const LOW_SPACE_BYTES = 256 * 1024 ** 2;

/**
 * Before the first run: notes (does not refuse) a capture that needs more than is free above the
 * reserve, since it records until the reserve. Returns whether space is already low.
 */
export async function checkSpaceAtStart(
  space: DiskSpace,
  store: Pick<RecordingStore, 'note'>,
  recordingId: number,
  neededBytes: () => number,
): Promise<boolean> {
  const available = await space.available().catch(() => Infinity);
  const needed = neededBytes();
  if (Number.isFinite(available) && available < needed) {
    store.note(
      recordingId,
      `low disk space: about ${formatBytes(needed)} needed, ${formatBytes(Math.max(0, available))} free above the reserve; recording until the reserve`,
    );
  }
  return available < LOW_SPACE_BYTES;
}

/**
 * While a segment runs: measures free space, reports whether it is low (`onLow`), and resolves with
 * the shortage when nothing is left above the reserve (null otherwise, or when measuring fails).
 */
export async function checkSpaceWhileRunning(
  space: DiskSpace,
  onLow: (low: boolean) => void,
): Promise<string | null> {
  return space.available().then(
    async (available) => {
      onLow(available < LOW_SPACE_BYTES);
      return available > 0 ? null : await space.shortage();
    },
    () => null,
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GiB`
    : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
