// Live / VOD / series classification of playlist entries.
//
// Playlists do not say what an entry is, so we infer it, strongest hint first:
//  1. Xtream-Codes style URL paths are authoritative: `/live/` → live,
//     `/movie/` (also `/movies/`, `/vod/`) → vod, `/series/` → series.
//  2. A file extension of a finished media file (.mp4 .mkv .avi .m4v .mov
//     …) → vod, or series when the title/group looks like an episode.
//     `.ts`/`.m3u8`/none say nothing: both live and VOD use them.
//  3. An obvious group name: "Series", "TV Shows", "Seasons" → series;
//     "VOD", "Movies", "Films", "Cinema" → vod — unless it says "24/7",
//     which is the usual label for live loop channels ("Movies 24/7").
//  4. A positive #EXTINF duration → vod (live entries use -1 or 0).
//  5. Otherwise live.
import type { M3uKind } from './m3u-types';

const VOD_EXTENSIONS = new Set([
  'mp4',
  'mkv',
  'avi',
  'm4v',
  'mov',
  'wmv',
  'flv',
  'webm',
  'mpg',
  'mpeg',
  'divx',
  'xvid',
  '3gp',
  'ogv',
  'vob',
  'iso',
]);

const SERIES_GROUP = /\b(series|serien|séries|tv[ -]?shows?|shows|seasons?|temporadas?|episodes?)\b/i;
const VOD_GROUP = /\b(vod|movies?|films?|filme|cinema|kino|pel[ií]culas|filmes)\b/i;
const LIVE_247 = /24\s*\/\s*7/;
const EPISODE_TITLE = /\bS\d{1,3}\s*E\d{1,4}\b|\b\d{1,2}x\d{2,3}\b/i;

// Groups repeat thousands of times in big playlists: memoise their verdict.
const groupCache = new Map<string, M3uKind | null>();
const GROUP_CACHE_MAX = 10_000;

function kindFromGroup(group: string): M3uKind | null {
  const cached = groupCache.get(group);
  if (cached !== undefined) return cached;
  let kind: M3uKind | null = null;
  if (LIVE_247.test(group)) kind = 'live';
  else if (SERIES_GROUP.test(group)) kind = 'series';
  else if (VOD_GROUP.test(group)) kind = 'vod';
  if (groupCache.size >= GROUP_CACHE_MAX) groupCache.clear();
  groupCache.set(group, kind);
  return kind;
}

/** Start/end of the URL path (after scheme://host, before ? or #). */
function pathRange(url: string): [number, number] {
  const scheme = url.indexOf('://');
  let start = 0;
  if (scheme >= 0) {
    start = url.indexOf('/', scheme + 3);
    if (start < 0) return [url.length, url.length];
  }
  let end = url.length;
  const q = url.indexOf('?', start);
  if (q >= 0) end = q;
  const h = url.indexOf('#', start);
  if (h >= 0 && h < end) end = h;
  return [start, end];
}

function pathKind(url: string, start: number): M3uKind | null {
  // Xtream puts the type first. Exact-case checks first (the norm), a
  // lower-cased copy only when the first segment has capitals.
  let u = url;
  let at = start;
  const c1 = url.charCodeAt(start + 1);
  if (c1 >= 65 && c1 <= 90) {
    u = url.slice(start, start + 9).toLowerCase();
    at = 0;
  }
  if (u.startsWith('/live/', at)) return 'live';
  if (u.startsWith('/movie/', at) || u.startsWith('/movies/', at) || u.startsWith('/vod/', at)) return 'vod';
  if (u.startsWith('/series/', at)) return 'series';
  return null;
}

function extension(url: string, start: number, end: number): string | null {
  const dot = url.lastIndexOf('.', end - 1);
  const slash = url.lastIndexOf('/', end - 1);
  if (dot < 0 || dot < slash || dot < start || end - dot > 6) return null;
  return url.slice(dot + 1, end).toLowerCase();
}

export function classifyEntry(url: string, duration: number, group: string | null, title: string): M3uKind {
  const [start, end] = pathRange(url);
  const byPath = start < end ? pathKind(url, start) : null;
  if (byPath) return byPath;
  const byGroup = group ? kindFromGroup(group) : null;
  const ext = extension(url, start, end);
  if (ext !== null && VOD_EXTENSIONS.has(ext)) {
    return byGroup === 'series' || EPISODE_TITLE.test(title) ? 'series' : 'vod';
  }
  if (byGroup) return byGroup;
  if (duration > 0) return 'vod';
  return 'live';
}
