// Shared helpers for the parser tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function fixturePath(rel: string): string {
  return fileURLToPath(new URL(`../../fixtures/parsers/${rel}`, import.meta.url));
}

export function fixture(rel: string): Buffer {
  return readFileSync(fixturePath(rel));
}

/** Splits a buffer into chunks of the given size (1 = byte by byte). */
export function chunked(buf: Uint8Array, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(Buffer.from(buf.subarray(i, i + size)));
  return out;
}

/** Deterministic uneven chunking (1..max bytes), to hit every boundary case. */
export function jaggedChunks(buf: Uint8Array, max: number, seed = 7): Buffer[] {
  const out: Buffer[] = [];
  let s = seed;
  let i = 0;
  while (i < buf.length) {
    s = (s * 1103515245 + 12345) >>> 0;
    const n = 1 + (s % max);
    out.push(Buffer.from(buf.subarray(i, i + n)));
    i += n;
  }
  return out;
}

export async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}
