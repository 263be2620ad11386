// How much a capture may still write. Two limits: the user's free-space reserve on the recordings disk,
// and headroom for the database: if the recordings fill the disk the database lives on, SQLite can no
// longer write the very rows that end those recordings cleanly (SQLITE_FULL left captures stuck in
// `recording`). So captures stop, and new ones are refused, before the database's headroom is touched.
import { promises as fs, statSync } from 'node:fs';

export interface DiskSpaceDeps {
  freeBytes: (dir: string) => Promise<number>;
  recordingsDir: string;
  /** The data folder, where the database lives. */
  dataDir: string;
  /** The user's reserve on the recordings disk. */
  reserveBytes: number;
  /** Kept free for the database on its own disk. */
  databaseHeadroomBytes: number;
}

export interface DiskSpace {
  /** Bytes captures may still write before they must stop (<= 0: stop now). */
  available(): Promise<number>;
  /** Why nothing more may be written, or null while there is room. */
  shortage(): Promise<string | null>;
}

export function diskSpace(deps: DiskSpaceDeps): DiskSpace {
  const shared = sameFileSystem(deps.recordingsDir, deps.dataDir);
  const mib = (bytes: number) => `${Math.max(0, Math.round(bytes / 1024 ** 2))} MiB`;
  async function measure(): Promise<{ available: number; why: string }> {
    const free = await deps.freeBytes(deps.recordingsDir).catch(() => Infinity);
    const kept = deps.reserveBytes + (shared ? deps.databaseHeadroomBytes : 0);
    let available = free - kept;
    let why = `${mib(free)} free on the recordings disk, ${mib(deps.reserveBytes)} reserve${shared ? ` + ${mib(deps.databaseHeadroomBytes)} for the database` : ''} kept free`;
    if (!shared) {
      const dataFree = await deps.freeBytes(deps.dataDir).catch(() => Infinity);
      if (dataFree - deps.databaseHeadroomBytes < available) {
        available = dataFree - deps.databaseHeadroomBytes;
        why = `${mib(dataFree)} free on the disk of the database, ${mib(deps.databaseHeadroomBytes)} kept free for it`;
      }
    }
    return { available, why };
  }
  return {
    async available() {
      return (await measure()).available;
    },
    async shortage() {
      const { available, why } = await measure();
      return available > 0 ? null : `disk full: ${why}`;
    },
  };
}

function sameFileSystem(a: string, b: string): boolean {
  try {
    return statSync(a).dev === statSync(b).dev;
  } catch {
    // Cannot tell (a folder not made yet): assume shared, the safe side.
    return true;
  }
}

/** Free bytes for this user on the disk holding `dir` (statfs). */
export async function freeBytesOf(dir: string): Promise<number> {
  const stat = await fs.statfs(dir);
  return stat.bavail * stat.bsize;
}
