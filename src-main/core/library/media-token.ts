// The media token: a second, read-only token for /media/ URLs, the ones that end up in files and other
// programs (STRM sidecars on a shared folder, the M3U a TV app keeps, a player's history). It opens the
// media routes only (recordings, images, logos, the playlist), never the API, so a leaked STRM file or
// playlist lets someone watch recordings but not schedule, delete or read settings. Stable per data
// folder (STRM files written months ago keep working), owner-only like server-token. To change it,
// delete <data>/media-token and restart; then `tapedeck library sidecars ID` rewrites a STRM file.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { registerSecret } from '../redact';

export const MEDIA_TOKEN_FILE = 'media-token';

export function loadOrCreateMediaToken(dataDir: string): string {
  const file = path.join(dataDir, MEDIA_TOKEN_FILE);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(token)) return known(token);
  }
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return known(token);
}

/** Wherever a media URL is quoted in a log or an error, the token becomes ***. */
function known(token: string): string {
  registerSecret(token);
  return token;
}
