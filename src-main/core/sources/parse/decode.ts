// Text decoding for line-based playlist formats.
//
// Real-world M3U files are declared as nothing at all: most are UTF-8, a
// stubborn minority are Latin-1 / windows-1252 (old panels, Windows editors),
// and some mix both because they were concatenated. So we decide per byte
// range: valid UTF-8 decodes as UTF-8, anything else as windows-1252 (a
// superset of Latin-1 for printable text, and what browsers do for a
// "latin1" label). Only a UTF-16 BOM switches the whole stream.
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface Bom {
  encoding: TextEncodingName;
  /** Number of BOM bytes to skip. */
  length: number;
}

/** Detects a byte order mark at the very start of a stream. */
export function detectBom(head: Uint8Array): Bom | null {
  const [a, b, c] = head;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

const cp1252 = new TextDecoder('windows-1252');
// Measured on Node 20: TextDecoder (simdutf inside) decodes UTF-8 ~1.7x faster
// than Buffer#toString('utf8'). Validity is checked first with isUtf8 (also
// simdutf, ~10x cheaper than decoding), so this decoder never sees bad input.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes `bytes[start, end)`. A range that is valid UTF-8 (the common case,
 * pure ASCII included) decodes natively in one go. Otherwise each line is
 * decided on its own: UTF-8 when valid, else windows-1252 — so one Latin-1
 * line in a UTF-8 playlist neither turns into U+FFFD nor drags its
 * neighbours into mojibake.
 */
export function decodeText(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const buf = toBuffer(bytes);
  const range = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
  if (isUtf8(range)) return utf8.decode(range);
  const parts: string[] = [];
  let pos = start;
  while (pos < end) {
    let lf = buf.indexOf(10, pos);
    if (lf < 0 || lf >= end) lf = end - 1;
    const line = buf.subarray(pos, lf + 1);
    parts.push(isUtf8(line) ? utf8.decode(line) : cp1252.decode(line));
    pos = lf + 1;
  }
  return parts.join('');
}

/** Decodes a complete in-memory text: BOM (UTF-8/UTF-16) aware, then decodeText. */
export function decodeTextSync(bytes: Uint8Array): string {
  const bom = detectBom(bytes);
  if (bom && bom.encoding !== 'utf-8')
    return new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length));
  return decodeText(bytes, bom ? bom.length : 0);
}

/** Whether decodeText would pick UTF-8 for this range (exposed for tests/diagnostics). */
export function looksUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/**
 * Streams text from byte chunks, cutting each chunk at its last line feed so a
 * multi-byte character is never split and each emitted range can fall back to
 * windows-1252 on its own. A UTF-8 BOM is dropped; a UTF-16 BOM switches to
 * a real streaming UTF-16 decoder. `maxPending` bounds the bytes held back
 * while waiting for a line feed: past it the pending bytes are flushed as-is
 * (decoded at a safe UTF-8 boundary), so a file without newlines cannot make
 * us buffer it whole.
 */
export async function* decodeTextStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  maxPending = 1 << 20,
): AsyncGenerator<string> {
  let first = true;
  let utf16: TextDecoder | null = null;
  let pending: Buffer | null = null;
  for await (const raw of source) {
    if (typeof raw === 'string') {
      // Already text (e.g. a test, or an upstream decoder): pass through.
      if (pending) {
        yield decodeText(pending);
        pending = null;
      }
      first = false;
      if (raw.length) yield raw;
      continue;
    }
    let chunk = toBuffer(raw);
    if (first) {
      // Gather at least 3 bytes to sniff a BOM (chunks can be tiny).
      chunk = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = null;
      if (chunk.length < 3) {
        pending = Buffer.from(chunk);
        continue;
      }
      first = false;
      const bom = detectBom(chunk);
      if (bom) chunk = chunk.subarray(bom.length);
      if (bom && bom.encoding !== 'utf-8') utf16 = new TextDecoder(bom.encoding);
    }
    if (utf16) {
      const text = utf16.decode(chunk, { stream: true });
      if (text.length) yield text;
      continue;
    }
    if (pending) {
      // Finish the pending line on its own instead of concatenating the whole chunk to it: a copy of
      // every chunk was most of the garbage (and so of the peak RSS) of a big import.
      const nl = chunk.indexOf(10);
      if (nl < 0) chunk = Buffer.concat([pending, chunk]);
      else {
        yield decodeText(Buffer.concat([pending, chunk.subarray(0, nl + 1)]));
        chunk = chunk.subarray(nl + 1);
      }
    }
    const lf = chunk.lastIndexOf(10);
    if (lf >= 0) {
      yield decodeText(chunk, 0, lf + 1);
      chunk = chunk.subarray(lf + 1);
    }
    if (chunk.length > maxPending) {
      // A line longer than the cap: hand it over in pieces (the consumer
      // decides to drop it) instead of holding it.
      const cut = utf8Boundary(chunk);
      if (cut > 0) yield decodeText(chunk, 0, cut);
      chunk = chunk.subarray(cut);
    }
    // Copy: a small tail must not pin the whole source chunk in memory.
    pending = chunk.length ? Buffer.from(chunk) : null;
  }
  if (utf16) {
    const tail = utf16.decode();
    if (tail.length) yield tail;
  } else if (pending && pending.length) {
    const bom = first ? detectBom(pending) : null;
    yield decodeText(pending, bom ? bom.length : 0);
  }
}

/** Largest index <= length that does not split a UTF-8 sequence. */
function utf8Boundary(buf: Buffer): number {
  let i = buf.length;
  // Step back over at most 3 continuation bytes to the lead byte.
  for (let k = 0; k < 4 && i > 0; k++) {
    const byte = buf[i - 1] ?? 0;
    if (byte < 0x80) return buf.length; // ASCII end: nothing split
    if (byte >= 0xc0) return i - 1; // lead byte of an incomplete sequence
    i--;
  }
  return buf.length;
}
