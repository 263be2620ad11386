// Channel logos, fetched by the core and kept in <data>/cache/logos, so the renderer shows them from our
// own media server: its CSP allows images from 'self' and the loopback media origin only (a playlist
// cannot make the app load a tracking pixel from anywhere), and logos keep working offline.
//
// A logo URL comes from a playlist anyone can write, so a fetch is bounded: http(s) only, no user:pass@
// (refused: nothing that looks like a credential is sent anywhere), no cookies or credentials (Node's
// fetch keeps no cookie jar; we send no Authorization), at most 3 redirects (each checked the same
// way), 10 s for the whole exchange, 512 KiB. The answer must be an image twice over: its Content-Type
// one of the six below, and its first bytes that kind of image (an HTML page served as image/png is
// refused). SVG may carry script; it is only ever served with a CSP that forbids it (media-routes.ts).
//
// Files are `<sha256 of the URL>.<ext>`, their mtime the fetch date: refetched after 7 days, the old one
// served meanwhile and kept when the refetch fails. A failed fetch is remembered for an hour, so a grid
// of 200 channels with dead logo hosts does not refetch 200 logos on every repaint.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/open';

export const LOGO_MAX_BYTES = 512 * 1024;
export const LOGO_TIMEOUT_MS = 10_000;
export const LOGO_MAX_REDIRECTS = 3;
export const LOGO_REFRESH_MS = 7 * 24 * 3600_000;
export const LOGO_FAILURE_MS = 3600_000;
const MAX_CONCURRENT = 4;
const USER_AGENT = 'Tapedeck/0.1 (+IPTV DVR; channel logos)';

/** Kinds of image a logo may be: file extension -> the Content-Type it is served with. */
export const LOGO_TYPES = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
} as const;
export type LogoExt = keyof typeof LOGO_TYPES;
const EXTS = Object.keys(LOGO_TYPES) as LogoExt[];

/** Content-Types accepted, with the aliases servers use for the same kinds. */
const HEADER_TYPES: Record<string, LogoExt> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/pjpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'image/x-icon': 'ico',
  'image/vnd.microsoft.icon': 'ico',
};

export interface CachedLogo {
  file: string;
  ext: LogoExt;
  contentType: string;
  fetchedAt: number;
}

/** Why a logo could not be fetched: a sentence, for logs and tests. */
export class LogoError extends Error {}

export interface LogoCacheOptions {
  db: Db;
  /** <data>/cache/logos */
  dir: string;
  now: () => number;
  timeoutMs?: number;
}

export class LogoCache {
  private readonly known = new Map<string, CachedLogo | null>();
  private readonly failedUntil = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<CachedLogo | null>>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: LogoCacheOptions) {}

  /** The logo of a channel, fetched now if it was never fetched; null when it has none or none came. */
  async forChannel(channelId: number): Promise<CachedLogo | null> {
    const row = this.options.db.$client
      .prepare('SELECT logo FROM channels WHERE id = ?')
      .pluck()
      .get(channelId) as string | null | undefined;
    return row ? this.get(row) : null;
  }

  /**
   * The cached logo of a URL. Fresh: as it is. Older than 7 days: as it is, with a refetch started in the
   * background (its result serves the next request). None: fetched now. A fetch that failed in the last
   * hour is not tried again.
   */
  async get(url: string): Promise<CachedLogo | null> {
    if (logoUrlProblem(url) !== null) return null;
    const cached = await this.cached(url);
    const now = this.options.now();
    const fresh = cached !== null && now - cached.fetchedAt < LOGO_REFRESH_MS;
    if (fresh || (this.failedUntil.get(url) ?? 0) > now) return cached;
    const fetching = this.refresh(url, cached);
    return cached ?? fetching;
  }

  /** Fetches and stores one URL (one fetch per URL at a time); keeps `previous` on failure. */
  private refresh(url: string, previous: CachedLogo | null): Promise<CachedLogo | null> {
    let running = this.inFlight.get(url);
    if (!running) {
      running = this.limited(() => fetchLogo(url, this.options.timeoutMs ?? LOGO_TIMEOUT_MS))
        .then((logo) => this.store(url, logo.bytes, logo.ext))
        .catch(() => {
          if (this.failedUntil.size > 10_000) this.failedUntil.clear();
          this.failedUntil.set(url, this.options.now() + LOGO_FAILURE_MS);
          return previous;
        })
        .finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, running);
    }
    return running;
  }

  /** What is on disk for this URL (looked up once per URL, then remembered). */
  private async cached(url: string): Promise<CachedLogo | null> {
    if (this.known.has(url)) return this.known.get(url) ?? null;
    const base = path.join(this.options.dir, hashOf(url));
    let found: CachedLogo | null = null;
    for (const ext of EXTS) {
      const stat = await fs.stat(`${base}.${ext}`).catch(() => null);
      if (stat?.isFile()) {
        found = { file: `${base}.${ext}`, ext, contentType: LOGO_TYPES[ext], fetchedAt: stat.mtimeMs };
        break;
      }
    }
    this.remember(url, found);
    return found;
  }

  private async store(url: string, bytes: Buffer, ext: LogoExt): Promise<CachedLogo> {
    await fs.mkdir(this.options.dir, { recursive: true });
    const file = path.join(this.options.dir, `${hashOf(url)}.${ext}`);
    const temp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temp, bytes);
    // The file's mtime is the fetch date (the app's clock, so tests can move it).
    const fetchedAt = this.options.now();
    await fs.utimes(temp, new Date(fetchedAt), new Date(fetchedAt));
    await fs.rename(temp, file);
    const before = this.known.get(url);
    if (before && before.file !== file) await fs.rm(before.file, { force: true });
    const logo: CachedLogo = { file, ext, contentType: LOGO_TYPES[ext], fetchedAt };
    this.failedUntil.delete(url);
    this.remember(url, logo);
    return logo;
  }

  private remember(url: string, logo: CachedLogo | null): void {
    if (this.known.size > 50_000) this.known.clear();
    this.known.set(url, logo);
  }

  /** Runs at most MAX_CONCURRENT fetches at once; the others wait their turn. */
  private async limited<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= MAX_CONCURRENT) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

function hashOf(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

/** Why this URL is not fetched, or null when it may be. */
export function logoUrlProblem(url: string): string | null {
  if (!URL.canParse(url)) return 'not a URL';
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'not an http(s) URL';
  if (parsed.username !== '' || parsed.password !== '') return 'a URL with user:password@ is not fetched';
  return null;
}

/** Fetches one logo with every limit above; throws LogoError saying what was wrong. */
export async function fetchLogo(
  url: string,
  timeoutMs: number = LOGO_TIMEOUT_MS,
): Promise<{ bytes: Buffer; ext: LogoExt }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const problem = logoUrlProblem(current);
      if (problem) throw new LogoError(`${problem}${redirects > 0 ? ' (where a redirect led)' : ''}`);
      const response = await fetch(current, {
        redirect: 'manual',
        credentials: 'omit',
        signal: controller.signal,
        headers: { 'User-Agent': USER_AGENT, Accept: 'image/*' },
      });
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel().catch(() => undefined);
        if (redirects === LOGO_MAX_REDIRECTS)
          throw new LogoError(`more than ${LOGO_MAX_REDIRECTS} redirects`);
        current = new URL(response.headers.get('location')!, current).href;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new LogoError(`HTTP ${response.status}`);
      }
      const declared =
        HEADER_TYPES[(response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()];
      if (!declared) {
        await response.body?.cancel().catch(() => undefined);
        throw new LogoError(`not an image type: ${response.headers.get('content-type') ?? 'none'}`);
      }
      const length = Number(response.headers.get('content-length'));
      if (Number.isFinite(length) && length > LOGO_MAX_BYTES) {
        await response.body?.cancel().catch(() => undefined);
        throw new LogoError(`larger than ${LOGO_MAX_BYTES} bytes (${length})`);
      }
      const bytes = await readCapped(response);
      const sniffed = sniffImage(bytes);
      if (sniffed === null) throw new LogoError(`declared ${declared}, but the bytes are no image`);
      // SVG is a document that can hold script; a raster claim must not become one, nor the reverse.
      if ((sniffed === 'svg') !== (declared === 'svg')) {
        throw new LogoError(`declared ${declared}, but the bytes are ${sniffed}`);
      }
      return { bytes, ext: sniffed };
    }
  } catch (error) {
    if (error instanceof LogoError) throw error;
    if (controller.signal.aborted) throw new LogoError(`no answer within ${timeoutMs} ms`);
    throw new LogoError(`cannot fetch: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response: Response): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    // Content-Length may be absent or wrong (and fetch inflates gzip): count what arrives. Leaving the
    // loop by a throw cancels the body.
    if (size > LOGO_MAX_BYTES) throw new LogoError(`larger than ${LOGO_MAX_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** The kind of image these bytes are, by their magic numbers (SVG: by its root element), or null. */
export function sniffImage(bytes: Buffer): LogoExt | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpg';
  if (
    bytes.subarray(0, 6).toString('latin1') === 'GIF87a' ||
    bytes.subarray(0, 6).toString('latin1') === 'GIF89a'
  )
    return 'gif';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'webp';
  if (starts(0x00, 0x00, 0x01, 0x00) && bytes.length > 6) return 'ico';
  return isSvg(bytes) ? 'svg' : null;
}

/** An SVG document: after a BOM, an XML declaration, comments, a doctype and spaces, an <svg> root. */
function isSvg(bytes: Buffer): boolean {
  let text = bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  for (;;) {
    const before = text;
    text = text
      .replace(/^\s+/, '')
      .replace(/^<\?xml[^>]*\?>/, '')
      .replace(/^<!--[\s\S]*?-->/, '')
      .replace(/^<!DOCTYPE\s+svg[^>[]*(\[[\s\S]*?\])?\s*>/i, '');
    if (text === before) break;
  }
  return /^<svg[\s>/]/.test(text);
}
