// Opens a real Dvr (real SQLite file, real ffmpeg) in a fresh temporary data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Dvr, type DvrOptions } from '../../src-main/core/dvr';
import type { Recording } from '../../src-shared/domain';

export const MIGRATIONS = path.resolve(__dirname, '../../src-main/core/db/migrations');

export function tempDir(prefix = 'tapedeck-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function openTempDvr(
  options: Partial<DvrOptions> = {},
): Promise<{ dvr: Dvr; dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = options.dataDir ?? tempDir();
  const dvr = await Dvr.open({
    dataDir,
    migrationsFolder: MIGRATIONS,
    host: 'vitest',
    ffmpeg: { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', origin: 'PATH' },
    ...options,
  });
  return {
    dvr,
    dataDir,
    cleanup: async () => {
      await dvr.shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves when the recording reaches one of the statuses (via events, with a timeout). */
export function waitForStatus(
  dvr: Dvr,
  id: number,
  statuses: Recording['status'][],
  timeoutMs = 60_000,
): Promise<Recording> {
  return new Promise((resolve, reject) => {
    const current = dvr.store.get(id);
    if (statuses.includes(current.status)) return resolve(current);
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(`recording ${id} did not reach ${statuses.join('|')} (is ${dvr.store.get(id).status})`),
      );
    }, timeoutMs);
    const unsubscribe = dvr.bus.subscribe((event) => {
      if (event.name !== 'recording.updated') return;
      const r = event.payload as Recording;
      if (r.id === id && statuses.includes(r.status)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(r);
      }
    });
  });
}
