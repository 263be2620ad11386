// HTTP headers a playlist asks to be sent with a stream, from wherever playlists put them:
//  - #EXTINF attributes: user-agent, http-user-agent, referrer/referer, http-referrer/http-referer;
//  - #EXTVLCOPT:http-user-agent=… / http-referrer=… (quotes around the value are not part of it);
//  - #EXTHTTP:{"Header":"value",…} (any header);
//  - Kodi: URL|Name=value&Name=value (values URL-encoded, any header), and
//    #KODIPROP:inputstream.adaptive.stream_headers=Name=value&… (the same syntax).
// Providers that check them refuse a stream without them, so losing one is a recording that fails.
//
// Names come out canonical (User-Agent, Referer: one spelling per header, so sources merge), and
// nothing that could inject into a request survives: a name must be a token, a value must not break
// the line (ffmpeg gets them as request header lines).

/** Reports a problem on the current line (a short description, never the line's text). */
export type HeaderProblemSink = (message: string) => void;

export type Headers = Record<string, string>;

const MAX_VALUE = 2048;

/** #EXTINF attribute names (lower-cased by the attribute scanner) -> the header they set. */
const HEADER_ATTRS = new Map([
  ['user-agent', 'User-Agent'],
  ['http-user-agent', 'User-Agent'],
  ['referrer', 'Referer'],
  ['referer', 'Referer'],
  ['http-referrer', 'Referer'],
  ['http-referer', 'Referer'],
]);

/**
 * Options Kodi reads after '|' that are not HTTP headers (its curl protocol options). Sending them as
 * headers would be harmless but wrong; they are left out and reported once per entry.
 */
const KODI_OPTIONS = new Set([
  'seekable',
  'verifypeer',
  'connection-timeout',
  'low-speed-time',
  'failonerror',
  'redirect-limit',
  'acceptencoding',
  'encoding',
  'noshout',
  'sslcipherlist',
  'postdata',
  'customrequest',
  'auth',
  'active-remote',
]);

export function isHeaderAttr(name: string): boolean {
  return HEADER_ATTRS.has(name);
}

/** The headers named by an entry's #EXTINF attributes, or null. */
export function headersFromAttrs(attrs: Record<string, string>, report: HeaderProblemSink): Headers | null {
  let headers: Headers | null = null;
  for (const key in attrs) {
    const name = HEADER_ATTRS.get(key);
    if (name !== undefined) headers = addHeader(headers, name, attrs[key] as string, report);
  }
  return headers;
}

/** The spellings playlists use most, looked up before any string work (VLC options name them per entry). */
const CANONICAL = new Map([
  ['User-Agent', 'User-Agent'],
  ['user-agent', 'User-Agent'],
  ['Referer', 'Referer'],
  ['referer', 'Referer'],
  ['Referrer', 'Referer'],
  ['referrer', 'Referer'],
  ['Origin', 'Origin'],
  ['origin', 'Origin'],
  ['Cookie', 'Cookie'],
  ['cookie', 'Cookie'],
]);

/** Header names in one spelling: user-agent -> User-Agent, referrer -> Referer, x-token -> X-Token. */
export function canonicalHeaderName(name: string): string {
  const known = CANONICAL.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  if (lower === 'referrer') return 'Referer';
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/**
 * Adds `name: value` to `headers` (allocated on first use) unless it is unsafe, which is reported.
 * An empty value sets nothing (`Referer=` in a playlist means "none").
 */
export function addHeader(
  headers: Headers | null,
  name: string,
  value: string,
  report: HeaderProblemSink,
): Headers | null {
  if (value.length === 0) return headers;
  const known = CANONICAL.get(name);
  if (known === undefined && !/^[A-Za-z0-9-]{1,64}$/.test(name)) {
    report('stream header with an invalid name ignored');
    return headers;
  }
  if (/[\r\n\0]/.test(value)) {
    report('stream header with a line break in its value ignored');
    return headers;
  }
  if (value.length > MAX_VALUE) {
    report(`stream header value longer than ${MAX_VALUE} characters ignored`);
    return headers;
  }
  const out = headers ?? {};
  out[known ?? canonicalHeaderName(name)] = value;
  return out;
}

/** An #EXTVLCOPT line's option (after the colon): http-user-agent and http-referrer set headers. */
export function vlcoptHeaders(
  headers: Headers | null,
  opt: string,
  report: HeaderProblemSink,
): Headers | null {
  const eq = opt.indexOf('=');
  if (eq < 0) return headers;
  const key = opt.slice(0, eq).trim().toLowerCase();
  let name: string;
  if (key === 'http-user-agent') name = 'User-Agent';
  else if (key === 'http-referrer' || key === 'http-referer') name = 'Referer';
  else return headers;
  return addHeader(headers, name, unquote(opt.slice(eq + 1).trim()), report);
}

/** An #EXTHTTP line's JSON object (after the colon): every string member is a header. */
export function exthttpHeaders(
  headers: Headers | null,
  json: string,
  report: HeaderProblemSink,
): Headers | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    report('invalid #EXTHTTP JSON ignored');
    return headers;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return headers;
  let out = headers;
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') continue;
    out = addHeader(out, k.trim(), v, report);
  }
  return out;
}

/** A #KODIPROP line's property (after the colon): only the stream and manifest headers are ours. */
export function kodipropHeaders(
  headers: Headers | null,
  prop: string,
  report: HeaderProblemSink,
): Headers | null {
  const eq = prop.indexOf('=');
  if (eq < 0) return headers;
  const key = prop.slice(0, eq).trim().toLowerCase();
  if (key !== 'inputstream.adaptive.stream_headers' && key !== 'inputstream.adaptive.manifest_headers')
    return headers;
  return addHeaderPairs(headers, prop.slice(eq + 1).trim(), report);
}

/** A VLC option value: the quotes some playlists put around it are not part of it. */
function unquote(value: string): string {
  const q = value.charCodeAt(0);
  if (value.length >= 2 && (q === 34 || q === 39) && value.charCodeAt(value.length - 1) === q) {
    return value.slice(1, -1);
  }
  return value;
}

/**
 * Kodi's `Name=value&Name=value` (after a URL's '|', or in #KODIPROP stream_headers), names and values
 * URL-encoded the way Kodi decodes them ('+' is a space). Adds them to `headers`.
 */
export function addHeaderPairs(
  headers: Headers | null,
  pairs: string,
  report: HeaderProblemSink,
): Headers | null {
  let out = headers;
  let skippedOption = false;
  for (const pair of pairs.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const name = kodiDecode(eq < 0 ? pair : pair.slice(0, eq)).trim();
    const value = eq < 0 ? '' : kodiDecode(pair.slice(eq + 1)).trim();
    if (KODI_OPTIONS.has(name.toLowerCase()) || name.startsWith('!')) {
      skippedOption = true;
      continue;
    }
    out = addHeader(out, name, value, report);
  }
  if (skippedOption) report("Kodi stream options after '|' that are not HTTP headers ignored");
  return out;
}

function kodiDecode(text: string): string {
  const plain = text.indexOf('+') < 0 ? text : text.replace(/\+/g, ' ');
  if (plain.indexOf('%') < 0) return plain;
  try {
    return decodeURIComponent(plain);
  } catch {
    // A stray '%' that starts no escape: the text as written is the best reading.
    return plain;
  }
}

/**
 * Copies `from` over `into`, `from` winning; returns `from` itself when `into` is null (the parser's
 * per-entry objects are never shared, so no copy is needed).
 */
export function mergeHeaders(into: Headers | null, from: Headers | null): Headers | null {
  if (from === null) return into;
  if (into === null) return from;
  return Object.assign(into, from);
}
