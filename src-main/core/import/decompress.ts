// Transparent gzip inflation with a hard cap (gzip-bomb protection).
//
// Guides are often served as .xml.gz, sometimes with a wrong Content-Type or
// file name, so we sniff the magic bytes (1f 8b) instead of trusting either.
// A few kilobytes of gzip can inflate to many gigabytes; the cap counts
// inflated bytes and aborts the stream as soon as it is exceeded, so memory
// and disk use stay bounded whatever the input claims.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export const DEFAULT_MAX_INFLATED_BYTES = 4 * 1024 ** 3; // 4 GiB

export class InflateLimitError extends Error {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`gzip input inflates to more than ${maxBytes} bytes; aborted (possible gzip bomb)`);
    this.name = 'InflateLimitError';
    this.maxBytes = maxBytes;
  }
}

export interface GunzipOptions {
  /** Abort once more than this many inflated bytes were produced (default 4 GiB). */
  maxBytes?: number;
}

function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Yields the source's bytes, inflated if they start with the gzip magic.
 * Plain input passes through untouched (and uncounted: it cannot expand).
 * Concatenated gzip members are supported (zlib handles them).
 */
export async function* gunzipIfNeeded(
  source: AsyncIterable<Uint8Array>,
  options: GunzipOptions = {},
): AsyncGenerator<Buffer> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const it = source[Symbol.asyncIterator]();
  // Sniff: gather at least 2 bytes (a first chunk of 1 byte is legal).
  const head: Buffer[] = [];
  let headLen = 0;
  let done = false;
  while (headLen < 2) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    head.push(b);
    headLen += b.length;
  }
  const first = head.length === 1 ? (head[0] as Buffer) : Buffer.concat(head);
  if (!isGzip(first)) {
    try {
      if (first.length) yield first;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) {
          done = true;
          return;
        }
        yield Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
      }
    } finally {
      // Consumer stopped early: release the source (closes a file stream).
      if (!done) await it.return?.();
    }
  }

  async function* rest(): AsyncGenerator<Uint8Array> {
    yield first;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  // 64 KiB output chunks: fewer, larger pieces for the parser, and the cap is
  // checked at that granularity.
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const input = Readable.from(rest(), { objectMode: false });
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  let total = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new InflateLimitError(maxBytes);
      yield chunk;
    }
  } finally {
    // Early exit (cap, consumer stopped, error): stop reading and inflating.
    input.unpipe(gunzip);
    input.destroy();
    gunzip.destroy();
  }
}
