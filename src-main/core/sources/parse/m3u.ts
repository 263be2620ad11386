// Streaming, garbage-tolerant M3U / M3U8 playlist parser.
//
// Three entry points over one push parser (M3uParser, m3u-parser.ts):
//  - parseM3u(source, onEntry)  – callback per entry, fastest (no promise per entry);
//  - streamM3u(source)          – async iterator of entries (for-await);
//  - parseM3uText(text)         – whole string/buffer, returns an array (tests, small files).
import { decodeTextStream, decodeTextSync } from './decode';
import { DEFAULT_MAX_LINE, M3uParser } from './m3u-parser';
import type { M3uEntry, M3uHeader, M3uOptions, M3uProblem, M3uResult, TextSource } from './m3u-types';

export type {
  M3uEntry,
  M3uHeader,
  M3uHls,
  M3uKind,
  M3uOptions,
  M3uProblem,
  M3uResult,
  TextSource,
} from './m3u-types';
export { decodeText, decodeTextStream, decodeTextSync, detectBom } from './decode';
export { classifyEntry } from './m3u-kind';
export { M3uParser, type M3uHandlers } from './m3u-parser';

/**
 * Parses a playlist stream, calling `onEntry` for each entry. Resolves with
 * the header, counts and problems once the source is exhausted. Source
 * errors reject after every entry before them was delivered.
 */
export async function parseM3u(
  source: TextSource,
  onEntry: (entry: M3uEntry) => void,
  options: M3uOptions & { onProblem?: (p: M3uProblem) => void; onHeader?: (h: M3uHeader) => void } = {},
): Promise<M3uResult> {
  const parser = new M3uParser(
    { entry: onEntry, problem: options.onProblem, header: options.onHeader },
    options,
  );
  for await (const text of decodeTextStream(source, pendingCap(options))) parser.write(text);
  return parser.end();
}

/** Async-iterable view with the header and problems readable during and after iteration. */
export interface M3uStream extends AsyncIterable<M3uEntry> {
  readonly header: M3uHeader;
  readonly problems: readonly M3uProblem[];
  /** Complete once iteration finished. */
  readonly result: M3uResult | null;
}

export function streamM3u(source: TextSource, options: M3uOptions = {}): M3uStream {
  let batch: M3uEntry[] = [];
  const parser = new M3uParser({ entry: (e) => batch.push(e) }, options);
  let result: M3uResult | null = null;
  async function* run(): AsyncGenerator<M3uEntry> {
    // Entries are collected per chunk and then yielded, so the parser itself
    // stays synchronous; a chunk holds at most a few hundred entries.
    for await (const text of decodeTextStream(source, pendingCap(options))) {
      parser.write(text);
      if (batch.length !== 0) {
        const out = batch;
        batch = [];
        yield* out;
      }
    }
    result = parser.end();
    const out = batch;
    batch = [];
    yield* out;
  }
  return {
    header: parser.header,
    problems: parser.problems,
    get result() {
      return result;
    },
    [Symbol.asyncIterator]: () => run(),
  };
}

/** Parses a complete playlist held in memory. */
export function parseM3uText(
  input: string | Uint8Array,
  options: M3uOptions = {},
): M3uResult & { items: M3uEntry[] } {
  const items: M3uEntry[] = [];
  const parser = new M3uParser({ entry: (e) => items.push(e) }, options);
  parser.write(typeof input === 'string' ? input : decodeTextSync(input));
  return { ...parser.end(), items };
}

function pendingCap(options: M3uOptions): number {
  // Let the decoder hand over partial lines just past the line cap, so an
  // over-long line is detected (and dropped) without buffering it.
  return (options.maxLineBytes ?? DEFAULT_MAX_LINE) + 1;
}
