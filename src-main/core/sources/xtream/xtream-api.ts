// The Xtream Codes player API: authentication (player_api.php), live categories and live streams, and
// the stream / XMLTV URLs an account gives. Panels disagree on types (numbers as strings, "1" vs 1,
// null vs ""), so every field is read leniently and checked with zod.
import { z } from 'zod';
import type { XtreamAccount, XtreamOutputFormat } from '../../../../src-shared/domain-sources';
import { ImportError } from '../../import/import-error';
import { hostOf, openInput } from '../../import/open-input';

export interface XtreamCredentials {
  username: string;
  password: string;
}

export interface XtreamRequestOptions {
  signal?: AbortSignal;
  /** Bytes a single API answer may have (a big live list is ~10 MB). */
  maxBytes?: number;
  onBytes?: (done: number, total: number | null) => void;
}

const MAX_API_BYTES = 256 * 1024 ** 2;

/** Placeholders stored in channel URLs instead of the credentials; SourceService.resolveUrls fills them. */
export const USERNAME_PLACEHOLDER = '{username}';
export const PASSWORD_PLACEHOLDER = '{password}';

/**
 * The server's base URL as the API wants it: scheme, host, port and any base path, without the
 * player_api.php / get.php / xmltv.php a user may have pasted, its query, or a trailing slash.
 */
export function normalizeServer(input: string): string {
  const url = new URL(input.trim());
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  url.pathname = url.pathname.replace(/\/(player_api|get|xmltv|panel_api)\.php$/i, '').replace(/\/+$/, '');
  return url.toString().replace(/\/+$/, '');
}

function apiUrl(server: string, creds: XtreamCredentials, action?: string): string {
  const url = new URL(`${server}/player_api.php`);
  url.searchParams.set('username', creds.username);
  url.searchParams.set('password', creds.password);
  if (action) url.searchParams.set('action', action);
  return url.toString();
}

export function xtreamGuideUrl(server: string, creds: XtreamCredentials): string {
  const url = new URL(`${server}/xmltv.php`);
  url.searchParams.set('username', creds.username);
  url.searchParams.set('password', creds.password);
  return url.toString();
}

/** A live stream's URL with placeholders for the credentials (what the channel row stores). */
export function streamUrlTemplate(server: string, streamId: string, format: XtreamOutputFormat): string {
  return `${server}/live/${USERNAME_PLACEHOLDER}/${PASSWORD_PLACEHOLDER}/${streamId}.${format}`;
}

/** Fills the placeholders (URL-encoded: credentials may hold '/', '?', '#'). */
export function fillCredentials(template: string, creds: XtreamCredentials): string {
  return template.replace(/\{(username|password)\}/g, (_, which: string) =>
    encodeURIComponent(which === 'username' ? creds.username : creds.password),
  );
}

async function getJson(url: string, options: XtreamRequestOptions): Promise<unknown> {
  const input = await openInput(url, {
    maxBytes: options.maxBytes ?? MAX_API_BYTES,
    signal: options.signal,
    onBytes: options.onBytes,
  });
  const parts: Buffer[] = [];
  for await (const chunk of input.chunks) parts.push(Buffer.from(chunk));
  const text = Buffer.concat(parts)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ImportError(
      'invalid_input',
      `${hostOf(url)} did not answer with Xtream Codes JSON (is this an Xtream Codes server?)`,
    );
  }
}

// Optional first: in zod 4 an object key may only be absent when its schema is optional.
const numberish = z
  .union([z.number(), z.string(), z.null(), z.boolean()])
  .optional()
  .transform((v): number | null => {
    if (v === null || v === undefined || v === '' || typeof v === 'boolean') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  });
const stringish = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v): string | null => (v === null || v === undefined || v === '' ? null : String(v)));

const UserInfo = z.object({
  auth: numberish,
  status: stringish,
  exp_date: numberish,
  max_connections: numberish,
  active_cons: numberish,
  allowed_output_formats: z.array(z.string()).nullish(),
});

export interface XtreamAuth {
  account: Omit<XtreamAccount, 'catchupChannels' | 'checkedAt'>;
}

/**
 * Authenticates. Wrong credentials (auth 0), an account that is not Active, or one past its expiry date
 * are errors with a sentence the user can act on.
 */
export async function authenticate(
  server: string,
  creds: XtreamCredentials,
  now: number,
  preferredFormat: XtreamOutputFormat | null,
  options: XtreamRequestOptions = {},
): Promise<XtreamAuth> {
  const body = await getJson(apiUrl(server, creds), options);
  const parsed = z.object({ user_info: UserInfo.nullish() }).safeParse(body);
  if (!parsed.success || !parsed.data.user_info) {
    throw new ImportError(
      'invalid_input',
      `${hostOf(server)} did not answer like an Xtream Codes server (no user_info)`,
    );
  }
  const info = parsed.data.user_info;
  if (info.auth !== 1) throw new ImportError('invalid_input', 'the server refused the username or password');
  const expiresAt = info.exp_date !== null && info.exp_date > 0 ? info.exp_date * 1000 : null;
  const status = info.status ?? 'Active';
  if (status.toLowerCase() !== 'active') {
    const when = expiresAt !== null ? ` (expiry ${new Date(expiresAt).toISOString().slice(0, 10)})` : '';
    throw new ImportError('invalid_input', `the account is ${status}${when}`);
  }
  if (expiresAt !== null && expiresAt < now) {
    throw new ImportError(
      'invalid_input',
      `the account expired on ${new Date(expiresAt).toISOString().slice(0, 10)}`,
    );
  }
  const allowed = (info.allowed_output_formats ?? []).map((f) => f.toLowerCase());
  return {
    account: {
      status,
      expiresAt,
      maxConnections: info.max_connections !== null && info.max_connections > 0 ? info.max_connections : null,
      activeConnections: info.active_cons,
      outputFormat: chooseFormat(allowed, preferredFormat),
      allowedOutputFormats: allowed,
    },
  };
}

/** ts records best (one file, no playlist polling); m3u8 only when the account does not allow ts. */
export function chooseFormat(allowed: string[], preferred: XtreamOutputFormat | null): XtreamOutputFormat {
  if (preferred) return preferred;
  if (allowed.length === 0 || allowed.includes('ts')) return 'ts';
  return allowed.includes('m3u8') ? 'm3u8' : 'ts';
}

const Category = z.object({ category_id: stringish, category_name: stringish });

export async function liveCategories(
  server: string,
  creds: XtreamCredentials,
  options: XtreamRequestOptions = {},
): Promise<Map<string, string>> {
  const body = await getJson(apiUrl(server, creds, 'get_live_categories'), options);
  const out = new Map<string, string>();
  if (!Array.isArray(body)) return out;
  for (const item of body) {
    const parsed = Category.safeParse(item);
    if (parsed.success && parsed.data.category_id && parsed.data.category_name) {
      out.set(parsed.data.category_id, parsed.data.category_name.trim());
    }
  }
  return out;
}

const Stream = z.object({
  num: numberish,
  name: stringish,
  stream_id: stringish,
  stream_icon: stringish,
  epg_channel_id: stringish,
  category_id: stringish,
  tv_archive: numberish,
  tv_archive_duration: numberish,
});
export type XtreamStream = z.output<typeof Stream> & { stream_id: string };

export interface LiveStreams {
  streams: XtreamStream[];
  /** Items that were not streams (no stream_id, wrong shape), by position. */
  skipped: Array<{ index: number; message: string }>;
}

export async function liveStreams(
  server: string,
  creds: XtreamCredentials,
  options: XtreamRequestOptions = {},
): Promise<LiveStreams> {
  const body = await getJson(apiUrl(server, creds, 'get_live_streams'), options);
  if (!Array.isArray(body)) {
    throw new ImportError('invalid_input', `${hostOf(server)} did not list live streams (not a JSON array)`);
  }
  const streams: XtreamStream[] = [];
  const skipped: LiveStreams['skipped'] = [];
  body.forEach((item: unknown, index) => {
    const parsed = Stream.safeParse(item);
    if (!parsed.success) skipped.push({ index, message: 'not a stream object, skipped' });
    else if (!parsed.data.stream_id || !/^[\w.-]{1,64}$/.test(parsed.data.stream_id)) {
      skipped.push({ index, message: 'stream without a valid stream_id, skipped' });
    } else streams.push(parsed.data as XtreamStream);
  });
  return { streams, skipped };
}
