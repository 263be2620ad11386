// The name a source or guide gets when the user gives none, taken from its location.
import path from 'node:path';
import { isHttpLocation } from '../import/open-input';

/** "provider.example.com" for a URL, "playlist" for /path/playlist.m3u8.gz. */
export function defaultName(location: string): string {
  if (isHttpLocation(location)) {
    try {
      return new URL(location).hostname;
    } catch {
      return location;
    }
  }
  const base = path.basename(location.replace(/^file:\/\//i, ''));
  return base.replace(/(\.(m3u8?|xml|xmltv|txt))?(\.gz)?$/i, '') || base;
}
