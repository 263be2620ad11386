// Bytes → text for XML, before the scanner sees it (it works on strings).
//
// Encoding is decided once, at the start, like an XML processor does:
// a BOM wins; else a UTF-16 byte pattern for "<?"; else the encoding="…" of
// the XML declaration (read as ASCII); else UTF-8. Labels go through the
// WHATWG TextDecoder, so "ISO-8859-1"/"latin1" decode as windows-1252 — a
// superset that also gets the € and curly quotes right that mislabelled
// Windows files carry in 0x80–0x9F.
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';

/** How many bytes we wait for to read the XML declaration. */
const SNIFF_BYTES = 1024;

/**
 * Decodes byte chunks to text, cutting every emitted piece right after a '>'.
 *
 * Why the cut: ending each piece at a '>' means a tag, entity reference or
 * comment terminator is almost never split between pieces, so the scanner
 * rarely has to hold back an unfinished token and join it with the next
 * piece (string joins make cons strings that are slower to search). 0x3E is '>' in
 * every ASCII-compatible encoding and never a byte of a multi-byte UTF-8 (or
 * Shift_JIS/GBK/Big5) character, so the cut is done on bytes; for UTF-16 it
 * is done on the decoded string.
 */
export class XmlTextDecoder {
  /** The WHATWG name of the encoding in use, once known. */
  encoding: string | null = null;
  private decoder: TextDecoder | null = null;
  /**
   * UTF-8 (nearly every guide) goes through Node's StringDecoder instead: same replacement of bad
   * bytes, but ~5x faster than TextDecoder on 64 KiB pieces (measured 38 vs 210 ms for the 115 MB
   * bench guide), which is a tenth of the whole import.
   */
  private utf8: StringDecoder | null = null;
  private utf16 = false;
  /** Bytes after the last '>' (or the sniffing head before the decoder exists). */
  private carry: Buffer | null = null;
  private textCarry = '';
  private readonly note: (message: string) => void;
  /**
   * Above this many bytes without a '>' we stop waiting for one and decode
   * anyway; only happens inside very long tokens, which the parser caps with
   * the same number, so the carry is bounded too.
   */
  private readonly maxCarry: number;

  constructor(note: (message: string) => void, maxCarry = 1 << 20) {
    this.note = note;
    this.maxCarry = maxCarry;
  }

  push(bytes: Uint8Array): string {
    let chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.carry !== null && this.carry.length !== 0) chunk = Buffer.concat([this.carry, chunk]);
    this.carry = null;
    if (this.decoder === null) {
      if (chunk.length < SNIFF_BYTES && !declarationComplete(chunk)) {
        this.carry = Buffer.from(chunk);
        return '';
      }
      chunk = this.start(chunk);
    }
    if (this.utf16) {
      const text = this.textCarry + this.decodePart(chunk);
      const gt = text.lastIndexOf('>');
      if (gt < 0 && text.length <= this.maxCarry) {
        this.textCarry = text;
        return '';
      }
      const cut = gt < 0 ? text.length : gt + 1;
      this.textCarry = text.slice(cut);
      return text.slice(0, cut);
    }
    const gt = chunk.lastIndexOf(0x3e);
    if (gt < 0 && chunk.length <= this.maxCarry) {
      this.carry = Buffer.from(chunk);
      return '';
    }
    const cut = gt < 0 ? chunk.length : gt + 1;
    // Copy the (small) rest so the whole source chunk is not kept alive.
    if (cut < chunk.length) this.carry = Buffer.from(chunk.subarray(cut));
    return this.decodePart(chunk.subarray(0, cut));
  }

  end(): string {
    let chunk = this.carry ?? Buffer.alloc(0);
    this.carry = null;
    if (this.decoder === null) chunk = this.start(chunk);
    const text =
      this.textCarry +
      this.decodePart(chunk) +
      (this.utf8 !== null ? this.utf8.end() : (this.decoder as TextDecoder).decode());
    this.textCarry = '';
    return text;
  }

  private decodePart(bytes: Buffer): string {
    if (this.utf8 !== null) return this.utf8.write(bytes);
    return (this.decoder as TextDecoder).decode(bytes, { stream: true });
  }

  /** Picks the encoding from the head; returns the head without its BOM. */
  private start(head: Buffer): Buffer {
    let label = 'utf-8';
    let skip = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      skip = 3;
    } else if (head[0] === 0xff && head[1] === 0xfe) {
      label = 'utf-16le';
      skip = 2;
    } else if (head[0] === 0xfe && head[1] === 0xff) {
      label = 'utf-16be';
      skip = 2;
    } else if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) {
      label = 'utf-16le';
    } else if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) {
      label = 'utf-16be';
    } else {
      const declared = declaredEncoding(head);
      // A declaration we could read as ASCII cannot truthfully say UTF-16.
      if (declared && !/^utf-?16/i.test(declared)) label = declared;
    }
    let decoder: TextDecoder;
    try {
      // ignoreBOM: we skipped it ourselves (and only at the very start).
      decoder = new TextDecoder(label, { ignoreBOM: true });
    } catch {
      this.note(`unsupported encoding "${label.slice(0, 40)}", decoding as UTF-8`);
      decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    }
    this.decoder = decoder;
    this.encoding = decoder.encoding;
    this.utf16 = decoder.encoding.startsWith('utf-16');
    if (decoder.encoding === 'utf-8') this.utf8 = new StringDecoder('utf8');
    return head.subarray(skip);
  }
}

/** True once the head holds "<?xml … ?>" or clearly has no declaration. */
function declarationComplete(head: Buffer): boolean {
  if (head.length < 5) return false;
  // Skip a UTF-8 BOM; other BOMs decide by themselves.
  const at = head[0] === 0xef ? 3 : 0;
  if (head[at] !== 0x3c || head[at + 1] !== 0x3f) return head.length >= 4;
  return head.indexOf('?>', at) >= 0;
}

function declaredEncoding(head: Buffer): string | null {
  const at = head[0] === 0xef ? 3 : 0;
  if (head[at] !== 0x3c || head[at + 1] !== 0x3f) return null;
  const end = head.indexOf('?>', at);
  if (end < 0) return null;
  const decl = head.toString('latin1', at, end);
  if (!decl.startsWith('<?xml')) return null;
  const m = /\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(decl);
  return m?.[1] ?? null;
}
