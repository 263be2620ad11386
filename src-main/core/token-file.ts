// A stable secret token kept in a file of the data folder, readable by its owner only: the API token
// (server-token) and the read-only media token (media-token). Stable, so a bookmarked URL or a STRM file
// written months ago keeps working; registered with redact.ts, so wherever it is quoted it becomes ***.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { registerSecret } from './redact';

export function loadOrCreateTokenFile(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  let token = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!/^[A-Za-z0-9_-]{32,}$/.test(token)) {
    token = randomBytes(24).toString('base64url');
    writeFileSync(file, token, { mode: 0o600 });
  }
  registerSecret(token);
  return token;
}
