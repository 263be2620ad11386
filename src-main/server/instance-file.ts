// The running instance advertises itself in its data folder, so the CLI can find it.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { registerSecret } from '../core/redact';

export interface InstanceInfo {
  url: string;
  token: string;
  pid: number;
}

const INSTANCE_FILE = 'server.json';
const TOKEN_FILE = 'server-token';

/** A stable token per data folder (so a bookmarked URL keeps working), readable by its owner only. */
export function loadOrCreateToken(dataDir: string): string {
  const file = path.join(dataDir, TOKEN_FILE);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(token)) return known(token);
  }
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return known(token);
}

/** Media URLs carry the token (`?token=`); wherever one is quoted, the token becomes ***. */
function known(token: string): string {
  registerSecret(token);
  return token;
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
