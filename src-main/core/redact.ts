// Keeps credentials out of everything Tapedeck writes down or shows: the database (errors, the event
// log), errors sent to clients, logs, and URLs displayed in the UI and the CLI. IPTV credentials travel
// inside stream URLs (Xtream puts username and password in the path, playlists put tokens in the query),
// and ffmpeg quotes the URL it failed on, so any text can carry them. One function redacts any text;
// callers apply it where text leaves the process or reaches the disk (RecordingStore, SourceStore,
// toWireError, the hosts' error printing), not where it is produced, so no producer can forget it.
//
// What is replaced by ***:
// - in URLs (scheme://...): the password of `user:password@`; the values of secret-looking query and
//   fragment parameters (password, token, username, key, signature...); the username and password of
//   Xtream paths (`/live/U/P/1.ts`, `/movie/`, `/series/`, `/timeshift/`, `/hls/`) and of the bare
//   Xtream form `/U/P/<numeric id>`;
// - anywhere in the text: every value registered with registerSecret() (the app's own Xtream
//   passwords, the headless token), raw and URL-encoded.
// Redacting is idempotent and never re-serializes a URL, so everything else in the text stays exactly
// as it was (a URL parser would re-encode characters and change what the user recognises).
import type { ImportReport } from '../../src-shared/domain-sources';

/** Query/fragment parameters whose values are credentials. `username` is half an Xtream login. */
const SECRET_PARAMS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'username',
  'token',
  'access_token',
  'auth_token',
  'auth',
  'key',
  'apikey',
  'api_key',
  'secret',
  'sig',
  'signature',
  // CDN / streaming-server signed URLs seen on IPTV streams (Wowza, Akamai, S3).
  'wmsauthsign',
  'hdnts',
  'hdnea',
  'x-amz-credential',
  'x-amz-signature',
  'x-amz-security-token',
]);

/** Path prefixes after which Xtream panels put the username and the password. */
const XTREAM_PATH = /^(.*?\/(?:live|movie|series|timeshift|hls)\/)([^/]+)\/([^/]*)(\/.*)?$/i;
/** The bare Xtream stream form: /username/password/<stream id>[.ext] and nothing else. */
const XTREAM_BARE_PATH = /^\/([^/]+)\/([^/]+)\/(\d+(?:\.[A-Za-z0-9]{1,5})?)$/;
/** A media file name: `/live/news/hd.ts` is a path, not a truncated `/live/USER/PASSWORD`. */
const MEDIA_FILE = /\.(?:ts|m3u8?|mp4|mkv|aac|mp3|mpd|flv|m4s)$/i;
/** URLs inside free text: a scheme, then everything up to white space or a quote. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;
/** Punctuation that ends a sentence rather than a URL ("...123.ts: Server returned 401"). */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;
const MASK = '***';
/** Shorter values would mask ordinary words in every message; URL patterns still catch them. */
const MIN_SECRET_LENGTH = 4;

/** Known secret values -> what replaces them (*** or, for a local alias, the redacted real URL). */
const known = new Map<string, string>();
let knownPattern: RegExp | null = null;

/**
 * Registers a value that must never appear in anything redacted (an Xtream password, the headless
 * token), raw and URL-encoded. Returns a function that forgets it. Values under 4 characters are
 * ignored: masking them everywhere would garble ordinary words.
 */
export function registerSecret(value: string, replacement = MASK): () => void {
  const forms = [...new Set([value, encodeURIComponent(value)])].filter(
    (form) => form.length >= MIN_SECRET_LENGTH && form !== replacement,
  );
  // Credentials are registered each time they are read: only a new value invalidates the pattern.
  for (const form of forms) {
    if (known.get(form) === replacement) continue;
    known.set(form, replacement);
    knownPattern = null;
  }
  return () => {
    for (const form of forms) if (known.get(form) === replacement) known.delete(form);
    knownPattern = null;
  };
}

function replaceKnown(text: string): string {
  if (known.size === 0) return text;
  // Longest first, so a secret that contains another is replaced whole.
  knownPattern ??= new RegExp(
    [...known.keys()]
      .sort((a, b) => b.length - a.length)
      .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  return text.replace(knownPattern, (match) => known.get(match) ?? MASK);
}

/** Credentials out of one URL (scheme://authority/path?query#fragment), by string surgery only. */
function redactOneUrl(url: string): string {
  const parts = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is.exec(url);
  if (!parts) return url;
  const [, scheme = '', authority = '', path = '', query = '', fragment = ''] = parts;
  return (
    scheme + redactAuthority(authority) + redactPath(path) + redactParams(query) + redactParams(fragment)
  );
}

function redactAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  if (at < 0) return authority;
  const colon = authority.indexOf(':');
  return colon >= 0 && colon < at ? `${authority.slice(0, colon)}:${MASK}${authority.slice(at)}` : authority;
}

function redactPath(path: string): string {
  const xtream = XTREAM_PATH.exec(path);
  // `/live/A/B/...` always; `/live/A/B` at the end too (a cut-off error line), unless B is a file name.
  if (xtream && (xtream[4] !== undefined || !MEDIA_FILE.test(xtream[3] ?? ''))) {
    return `${xtream[1]}${MASK}/${MASK}${xtream[4] ?? ''}`;
  }
  const bare = XTREAM_BARE_PATH.exec(path);
  return bare ? `/${MASK}/${MASK}/${bare[3]}` : path;
}

/** `?a=1&password=x` or `#token=y`: secret-looking values become ***; names and order stay. */
function redactParams(params: string): string {
  if (params.length < 2) return params;
  return (
    params[0] +
    params
      .slice(1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        let name = pair.slice(0, eq);
        try {
          name = decodeURIComponent(name.replace(/\+/g, ' '));
        } catch {
          // A broken escape: compare the name as written.
        }
        return SECRET_PARAMS.has(name.toLowerCase()) && eq < pair.length - 1
          ? `${pair.slice(0, eq + 1)}${MASK}`
          : pair;
      })
      .join('&')
  );
}

/** Any text (an ffmpeg stderr line, an error message, a URL) with its credentials replaced by ***. */
export function redactText(text: string): string {
  return replaceKnown(text).replace(URL_IN_TEXT, (match) => {
    const tail = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
    return redactOneUrl(match.slice(0, match.length - tail.length)) + tail;
  });
}

/** A URL as it may be shown (UI, CLI, listings). Plain paths and other non-URLs come back unchanged. */
export function redactUrl(value: string): string {
  return redactText(value);
}

/** redactText for nullable columns. */
export function redactNullable(text: string | null): string | null {
  return text === null ? null : redactText(text);
}

/** What to log for something thrown: its stack (or message), redacted. */
export function redactError(error: unknown): string {
  if (error instanceof Error) return redactText(error.stack ?? `${error.name}: ${error.message}`);
  return redactText(String(error));
}

/** A report as stored: its problems quote playlist lines, and a skipped line can be a credentialled URL. */
export function redactImportReport(report: ImportReport): ImportReport {
  return {
    ...report,
    problems: report.problems.map((problem) => ({ ...problem, message: redactText(problem.message) })),
    stoppedEarly: redactNullable(report.stoppedEarly),
  };
}
