// Playlist lines that are not directives: is the line a stream location (an entry's URL), or something
// the parser reports and skips?
//
// Only what can be recorded is a stream: a URL whose scheme is one of the contract's STREAM_PROTOCOLS,
// or a relative reference shaped like a media file ("live/x.ts", "../a.m3u8", "/b.mp4"), which the
// parser resolves against the playlist's own location. Anything else ("root:x:0:0:..." of a file that
// is no playlist, "plugin://" add-on links, stray words) used to become a channel named after the line;
// it is now reported, by line number only: a problem never quotes the line, which may hold anything.
import { STREAM_PROTOCOLS } from '../../../../src-shared/contract-kit';

const SPACE = 32;
const TAB = 9;

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** A URL with a recordable scheme (http, https, udp, rtp, rtsp, rtmp). */
export const URL_ABSOLUTE = 0;
/** A relative reference with a media file's shape: resolved against the playlist's location. */
export const URL_RELATIVE = 1;
/** A file: URL, or a drive-letter path ("C:\tv\a.ts"): only a local playlist may name local files. */
export const URL_LOCAL = 2;
/** Codes from here on are reasons to skip the line; URL_PROBLEMS[code] says why. */
export const URL_SKIP = 3;

export const URL_PROBLEMS: readonly string[] = [
  '',
  '',
  '',
  'binary garbage line skipped',
  'not a stream URL or directive, skipped',
  `not a stream URL (Tapedeck records ${STREAM_PROTOCOLS.join(', ')}), skipped`,
];
const SKIP_BINARY = 3;
const SKIP_NOT_URL = 4;
const SKIP_SCHEME = 5;

const SCHEMES = new Set<string>(STREAM_PROTOCOLS);

/**
 * File extensions that make a relative reference look like media. Relative references are rare in real
 * playlists; requiring this shape keeps lists of paths and words ("/bin/bash", "notes") out.
 */
const MEDIA_EXTENSIONS = new Set([
  'ts',
  'mts',
  'm2ts',
  'm3u8',
  'm3u',
  'mpd',
  'mp4',
  'm4v',
  'm4a',
  'mkv',
  'mka',
  'avi',
  'mov',
  'flv',
  'f4v',
  'webm',
  'mpg',
  'mpeg',
  'mp2',
  'mp3',
  'aac',
  'ac3',
  'ogg',
  'oga',
  'ogv',
  'opus',
  'flac',
  'wav',
  'wma',
  'wmv',
  'asf',
  '3gp',
  'vob',
  'divx',
  'xvid',
]);

/** What `text[s,e)` is: URL_ABSOLUTE, URL_RELATIVE, URL_LOCAL, or a skip code (>= URL_SKIP). */
export function classifyUrlLine(text: string, s: number, e: number): number {
  // Fast path, and by far the common case: "http:" / "https:". Binary garbage that happens to start
  // with a URL scheme is not worth a per-character scan of every URL (it was a measurable share of
  // the time).
  if (text.startsWith('http', s)) {
    const c = text.charCodeAt(s + 4);
    if (c === 58 || (c === 115 && text.charCodeAt(s + 5) === 58)) return URL_ABSOLUTE;
  }
  let schemeEnd = -1;
  let schemeOk = true;
  let sawSpace = false;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if ((c < 32 && c !== TAB) || c === 127 || c === 0xfffd) return SKIP_BINARY;
    if (schemeEnd < 0 && schemeOk) {
      if (c === 58 /* : */) schemeEnd = k;
      else if (!isSchemeChar(c, k === s)) schemeOk = false;
    }
    if (c === SPACE) sawSpace = true;
  }
  if (schemeEnd - s >= 2) {
    const scheme = text.slice(s, schemeEnd).toLowerCase();
    if (SCHEMES.has(scheme)) return URL_ABSOLUTE;
    return scheme === 'file' ? URL_LOCAL : SKIP_SCHEME;
  }
  if (schemeEnd === s + 1) {
    // One letter and a colon: a drive, if a separator follows ("C:\tv\a.ts").
    const c = text.charCodeAt(s + 2);
    return (c === 92 || c === 47) && hasMediaExtension(text, s, e) ? URL_LOCAL : SKIP_NOT_URL;
  }
  // A relative reference: words with spaces are prose unless they start like a path.
  if (sawSpace && !isPathStart(text.charCodeAt(s))) return SKIP_NOT_URL;
  return hasMediaExtension(text, s, e) ? URL_RELATIVE : SKIP_NOT_URL;
}

/** Does the last path segment of `text[s,e)` (before any query or fragment) end in a media extension? */
function hasMediaExtension(text: string, s: number, e: number): boolean {
  let end = e;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c === 63 /* ? */ || c === 35 /* # */) {
      end = k;
      break;
    }
  }
  let dot = -1;
  for (let k = end - 1; k >= s; k--) {
    const c = text.charCodeAt(k);
    if (c === 47 || c === 92) break;
    if (c === 46) {
      dot = k;
      break;
    }
  }
  if (dot < 0 || end - dot > 6) return false;
  return MEDIA_EXTENSIONS.has(text.slice(dot + 1, end).toLowerCase());
}

function isSchemeChar(c: number, first: boolean): boolean {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (first) return alpha;
  return alpha || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

function isPathStart(c: number): boolean {
  return c === 47 || c === 92 || c === 46 || c === 126; // / \ . ~
}
