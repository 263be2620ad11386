// The data folder: where it is by default, who may read it, and the lock that lets one instance own it.
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Tapedeck';

/** The same folder Electron's app.getPath('userData') gives for productName "Tapedeck". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** `--data-dir`, else TAPEDECK_DATA_DIR, else the OS default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.TAPEDECK_DATA_DIR ?? defaultDataDir(env));
}

/**
 * Files of the data folder that hold credentials or lead to them: the server token, the instance file
 * (URL and token), the secret stores, the lock. The database's own mode is set where it is opened
 * (db/open.ts); SQLite gives its -wal and -shm files the database's mode.
 */
const PRIVATE_FILES = [
  'tapedeck.lock',
  'server-token',
  'media-token',
  'server.json',
  'secrets.json',
  'secrets.enc.json',
];

/**
 * Makes the data folder the owner's alone (0700) and tightens the private files in it to 0600,
 * including ones an older version or a copy left readable: the folder holds the database (stream URLs,
 * errors) and every credential the app keeps. Best effort: a folder someone else owns, or a file
 * system without modes, is used as it is rather than refused. Windows has no modes; there the data
 * folder (%APPDATA%) is already private to the user by its ACL.
 */
export function secureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  tighten(dir, 0o700);
  for (const name of PRIVATE_FILES) tighten(path.join(dir, name), 0o600);
}

function tighten(file: string, mode: number): void {
  try {
    chmodSync(file, mode);
  } catch {
    // Missing (not created yet), or not ours to change: nothing more this process can do.
  }
}

export class DataDirLockedError extends Error {}

interface LockInfo {
  pid: number;
  host: string;
  since: number;
  app: string;
}

/**
 * Takes the folder's lock file, or throws DataDirLockedError naming the owner. A lock whose process
 * is gone (kill -9, power loss) is stale and taken over, so a crash never locks the user out.
 */
const heldHere = new Set<string>();

export function acquireDataDirLock(dir: string, app: string): () => void {
  // Every host (serve, desktop, tests) takes the lock first: the one place to secure the folder.
  secureDataDir(dir);
  const file = path.join(dir, 'tapedeck.lock');
  if (heldHere.has(file)) {
    throw new DataDirLockedError(
      `the data folder ${dir} is in use by another Tapedeck in this process (${app})`,
    );
  }
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), since: Date.now(), app };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        try {
          const current = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
          if (current.pid === process.pid) rmSync(file, { force: true });
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLock(file);
      if (owner && owner.host === os.hostname() && isAlive(owner.pid) && owner.pid !== process.pid) {
        throw new DataDirLockedError(
          `the data folder ${dir} is in use by another Tapedeck (${owner.app}, pid ${owner.pid}, since ${new Date(owner.since).toISOString()}); ` +
            'quit it first, or use another --data-dir',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`could not take the lock on ${dir}`);
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
