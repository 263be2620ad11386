// The running instance advertises itself in its data folder, so the CLI can find it.
import { readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { loadOrCreateTokenFile } from '../core/token-file';

export interface InstanceInfo {
  url: string;
  token: string;
  pid: number;
}

const INSTANCE_FILE = 'server.json';
const TOKEN_FILE = 'server-token';

/** A stable token per data folder (so a bookmarked URL keeps working), readable by its owner only. */
export function loadOrCreateToken(dataDir: string): string {
  return loadOrCreateTokenFile(dataDir, TOKEN_FILE);
}

export function writeInstanceFile(dataDir: string, info: InstanceInfo): () => void {
  const file = path.join(dataDir, INSTANCE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(info, null, 2), { mode: 0o600 });
  renameSync(temp, file);
  return () => {
    if (readInstanceFile(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
}

export function readInstanceFile(dataDir: string): InstanceInfo | null {
  try {
    const info = JSON.parse(readFileSync(path.join(dataDir, INSTANCE_FILE), 'utf8')) as Partial<InstanceInfo>;
    if (typeof info.url === 'string' && typeof info.token === 'string' && typeof info.pid === 'number') {
      return { url: info.url, token: info.token, pid: info.pid };
    }
  } catch {
    /* none or unreadable */
  }
  return null;
}
