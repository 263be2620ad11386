// The media token: a second, read-only token for /media/ URLs, the ones that end up in files and other
// programs (STRM sidecars on a shared folder, the M3U a TV app keeps, a player's history). It opens the
// media routes only (recordings, images, logos, the playlist), never the API, so a leaked STRM file or
// playlist lets someone watch recordings but not schedule, delete or read settings. Stable per data
// folder (STRM files written months ago keep working), owner-only like server-token. To change it,
// delete <data>/media-token and restart; then `tapedeck library sidecars ID` rewrites a STRM file.
import { loadOrCreateTokenFile } from '../token-file';

export const MEDIA_TOKEN_FILE = 'media-token';

export function loadOrCreateMediaToken(dataDir: string): string {
  return loadOrCreateTokenFile(dataDir, MEDIA_TOKEN_FILE);
}
