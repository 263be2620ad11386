// Imports an M3U / M3U8 playlist (file or URL, plain or gzip) into a source's channels.
//
// Two passes over the bytes, one parse: the first counts tvg-ids (see tvg-scan.ts), the second parses
// and streams entries to the channel sync, which hands batches to the writer thread. A URL is downloaded
// to a temporary file first, so both passes read the same bytes and a broken download changes nothing.
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { gunzipIfNeeded } from '../../import/decompress';
import { decodeTextStream, M3uParser, type M3uEntry, type M3uHeader, type M3uProblem } from '../parse/m3u';
import type { ChannelSync, IncomingChannel, SyncResult } from '../channel-sync';
import { ImportError } from '../../import/import-error';
import { isHttpLocation, openInput, filePathOf } from '../../import/open-input';
import { nameKey } from '../names';
import { countTvgIds, type TvgIdCounter } from './tvg-scan';

/** Attributes that have columns of their own; the rest are kept in `attrs`. */
const COLUMN_ATTRS = new Set(['tvg-id', 'tvg-name', 'tvg-logo', 'tvg-chno', 'group-title']);
const MAX_LINE = 64 * 1024;
/** Playlists are at most tens of MB (100,000 entries are ~28 MB); 512 MiB inflated is far beyond any real one. */
export const MAX_PLAYLIST_BYTES = 512 * 1024 ** 2;

export interface M3uImportOptions {
  location: string;
  /** Where a downloaded playlist is kept while it is imported. */
  tempDir: string;
  /** Opens the channel sync (and its writer thread); runs while the tvg-ids are counted. */
  begin: () => Promise<ChannelSync>;
  signal?: AbortSignal;
  maxBytes?: number;
  onProgress: (phase: 'downloading' | 'importing', done: number, total: number | null) => void;
}

export interface M3uImportResult {
  sync: SyncResult;
  header: M3uHeader;
  problems: M3uProblem[];
  problemCount: number;
  retired: boolean;
}

export async function importM3u(options: M3uImportOptions): Promise<M3uImportResult> {
  const maxBytes = options.maxBytes ?? MAX_PLAYLIST_BYTES;
  let file = filePathOf(options.location);
  let temp: string | null = null;
  try {
    if (isHttpLocation(options.location)) {
      temp = await download(options, maxBytes);
      file = temp;
    }
    // Big reads for the byte scan; 64 KiB for the parse, whose decoded text must stay under V8's
    // large-object size (128 KiB) to be collected young: 256 KiB strings piled up in old space.
    const open = async (chunkSize: number) =>
      gunzipIfNeeded(
        (await openInput(file, { maxBytes, signal: options.signal, reuseBuffer: true, chunkSize })).chunks,
        { maxBytes },
      );
    const [counter, sync] = await Promise.all([countTvgIds(await open(1024 * 1024)), options.begin()]);
    // Relative stream URLs resolve against where the playlist lives: its URL, or its file's folder.
    const base = temp ? options.location : pathToFileURL(path.resolve(file)).href;
    return await parseInto(await open(64 * 1024), counter, sync, options, base);
  } catch (error) {
    if ((error as Error).name === 'InflateLimitError') {
      throw new ImportError('invalid_input', `${(error as Error).message}; previous channels kept`);
    }
    throw error;
  } finally {
    if (temp) await fs.rm(temp, { force: true });
  }
}

async function download(options: M3uImportOptions, maxBytes: number): Promise<string> {
  await fs.mkdir(options.tempDir, { recursive: true });
  const temp = path.join(options.tempDir, `playlist-${process.pid}-${Date.now()}.part`);
  const input = await openInput(options.location, {
    maxBytes,
    signal: options.signal,
    onBytes: (done, total) => options.onProgress('downloading', done, total),
  });
  try {
    await pipeline(Readable.from(input.chunks), createWriteStream(temp));
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  return temp;
}

async function parseInto(
  bytes: AsyncIterable<Uint8Array>,
  counter: TvgIdCounter,
  sync: ChannelSync,
  options: M3uImportOptions,
  base: string,
): Promise<M3uImportResult> {
  const parser = new M3uParser({ entry: (entry) => sync.add(toIncoming(entry, counter)) }, { base });
  let reported = 0;
  options.onProgress('importing', 0, null);
  for await (const text of decodeTextStream(bytes, MAX_LINE + 1)) {
    if (options.signal?.aborted) throw new ImportError('unavailable', 'the import was stopped');
    parser.write(text);
    if (parser.hls !== null) throw hlsError();
    await sync.pump();
    if (sync.count - reported >= 5000) {
      reported = sync.count;
      options.onProgress('importing', sync.count, null);
    }
  }
  const parsed = parser.end();
  if (parsed.hls !== null) throw hlsError();
  options.onProgress('importing', sync.count, sync.count);
  if (parsed.entries === 0) {
    // Problems name a line and what was wrong with it, never its text: this may be any file at all.
    const first = parsed.problems[0];
    throw new ImportError(
      'invalid_input',
      `no playlist entries found: this does not look like an M3U playlist${first ? ` (line ${first.line}: ${first.message})` : ''}; previous channels kept`,
    );
  }
  const retired = shouldRetire(parsed.problems, parsed.problemCount, parsed.entries, sync.listedBefore);
  const result = await sync.finish(retired);
  return {
    sync: result,
    header: parsed.header,
    problems: parsed.problems,
    problemCount: parsed.problemCount,
    retired,
  };
}

/**
 * May this import mark channels it no longer lists as missing? Not when the file looks cut short (it ends
 * inside an entry), nor when it lists less than half of what the source listed before and also had
 * problems (a damaged or truncated download). A clean, complete file is always trusted.
 */
export function shouldRetire(
  problems: M3uProblem[],
  problemCount: number,
  entries: number,
  listedBefore: number,
): boolean {
  if (problems.some((p) => p.message.includes('(end of file)'))) return false;
  if (problemCount === 0) return true;
  return entries >= listedBefore / 2;
}

function hlsError(): ImportError {
  return new ImportError(
    'invalid_input',
    'this is an HLS stream playlist, not a channel list: add it as a channel/stream URL instead; previous channels kept',
  );
}

function toIncoming(entry: M3uEntry, counter: TvgIdCounter): IncomingChannel {
  const attrs = entry.attrs;
  const rawTvg = attrs['tvg-id'];
  const tvgId = rawTvg ? rawTvg.trim() || null : null;
  const name = entry.title || attrs['tvg-name'] || tvgId || lastSegment(entry.url);
  const group = entry.group;
  let extra: Record<string, string> | null = null;
  for (const key in attrs) {
    if (!COLUMN_ATTRS.has(key)) (extra ??= {})[key] = attrs[key] as string;
  }
  // A unique tvg-id is the key as is (no prefix to concatenate and hash for 100,000 entries); name keys
  // start with "name:", so an id that does too is not used as a key.
  const byTvg =
    rawTvg !== undefined && rawTvg === tvgId && !rawTvg.startsWith('name:') && counter.claim(rawTvg);
  return {
    key: byTvg ? rawTvg : nameKey(name, group),
    keyIsName: !byTvg,
    keyUnique: byTvg,
    name,
    group,
    url: entry.url,
    number: attrs['tvg-chno'] || null,
    logo: attrs['tvg-logo'] || null,
    headers: entry.headers,
    kind: entry.kind,
    tvgId,
    // tvg-name mostly repeats the title: storing it once keeps rows (and the import) smaller.
    tvgName: attrs['tvg-name'] && attrs['tvg-name'] !== name ? attrs['tvg-name'] : null,
    attrs: extra,
  };
}

function lastSegment(url: string): string {
  const clean = url.split(/[?#]/)[0] ?? url;
  return clean.slice(clean.lastIndexOf('/') + 1) || url;
}

export type { M3uHeader };
