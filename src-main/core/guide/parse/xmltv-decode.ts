// Bytes → text for XML, before saxes sees it (saxes only takes strings).
//
// Encoding is decided once, at the start, like an XML processor does:
// a BOM wins; else a UTF-16 byte pattern for "<?"; else the encoding="…" of
// the XML declaration (read as ASCII); else UTF-8. Labels go through the
// WHATWG TextDecoder, so "ISO-8859-1"/"latin1" decode as windows-1252 — a
// superset that also gets the € and curly quotes right that mislabelled
// Windows files carry in 0x80–0x9F.
import { TextDecoder } from 'node:util';

/** How many bytes we wait for to read the XML declaration. */
const SNIFF_BYTES = 1024;

/**
 * Decodes byte chunks to text, cutting every emitted piece right after a '>'.
 *
 * Why the cut: saxes is much faster on flat strings than on the cons or
 * sliced strings that string-level carry-over produces (measured ~5x on a
 * 100 MB guide), and ending each piece at a '>' means no entity reference,
 * CDATA/comment terminator or "<!" marker is ever split between pieces, so
 * the ampersand repair below needs no look-behind either. 0x3E is '>' in
 * every ASCII-compatible encoding and never a byte of a multi-byte UTF-8 (or
 * Shift_JIS/GBK/Big5) character, so the cut is done on bytes; for UTF-16 it
 * is done on the decoded string.
 */
export class XmlTextDecoder {
  /** The WHATWG name of the encoding in use, once known. */
  encoding: string | null = null;
  private decoder: TextDecoder | null = null;
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
    const decoder = this.decoder as TextDecoder;
    if (this.utf16) {
      const text = this.textCarry + decoder.decode(chunk, { stream: true });
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
    return decoder.decode(chunk.subarray(0, cut), { stream: true });
  }

  end(): string {
    let chunk = this.carry ?? Buffer.alloc(0);
    this.carry = null;
    if (this.decoder === null) chunk = this.start(chunk);
    const decoder = this.decoder as TextDecoder;
    const text = this.textCarry + decoder.decode(chunk, { stream: true }) + decoder.decode();
    this.textCarry = '';
    return text;
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

// ---------------------------------------------------------------------------
// Bare '&' repair

const MAX_NAME = 32;

/**
 * Escapes '&' that does not start an entity or character reference.
 *
 * Hand-made XMLTV (scrapers, panels) often writes "Tom & Jerry". saxes then
 * reads everything up to the next ';' — possibly megabytes — as one entity
 * name and the document is lost. Turning such '&' into '&amp;' before
 * parsing keeps the text as intended. CDATA sections and comments are left
 * alone ('&' is literal there). A '&' followed by a syntactically valid but
 * undefined name (&nbsp;) is left for saxes, which reports it.
 *
 * Expects pieces that end at a '>' (XmlTextDecoder's contract), so no
 * reference or marker straddles two pieces; only the CDATA/comment state
 * carries over.
 */
export class AmpRepairer {
  /** Number of '&' escaped so far. */
  fixed = 0;
  /** Offset (in the text seen) of the first escaped '&', for the report. */
  firstAt = -1;
  /** 0 = markup/text, 1 = inside CDATA, 2 = inside a comment. */
  private mode = 0;
  private offset = 0;

  push(text: string): string {
    const limit = text.length;
    let out: string[] | null = null;
    let copied = 0;
    let pos = 0;
    // Next "<!" at or after pos; cached because most pieces have none and
    // re-searching after every '&' would make the scan quadratic.
    let bang = -2;
    while (pos < limit) {
      if (this.mode !== 0) {
        const close = text.indexOf(this.mode === 1 ? ']]>' : '-->', pos);
        if (close < 0) break;
        this.mode = 0;
        pos = close + 3;
        continue;
      }
      const amp = text.indexOf('&', pos);
      if (bang !== -1 && bang < pos) bang = text.indexOf('<!', pos);
      if (bang >= 0 && (amp < 0 || bang < amp)) {
        if (text.startsWith('<![CDATA[', bang)) {
          this.mode = 1;
          pos = bang + 9;
        } else if (text.startsWith('<!--', bang)) {
          this.mode = 2;
          pos = bang + 4;
        } else {
          pos = bang + 2;
        }
        continue;
      }
      if (amp < 0) break;
      if (!isReference(text, amp + 1)) {
        out ??= [];
        out.push(text.slice(copied, amp + 1), 'amp;');
        copied = amp + 1;
        if (this.firstAt < 0) this.firstAt = this.offset + amp;
        this.fixed++;
      }
      pos = amp + 1;
    }
    this.offset += limit;
    if (out === null) return text;
    out.push(text.slice(copied));
    return out.join('');
  }
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0xc0;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}

/** Does `text[i…]` continue an entity/char reference: `name;`, `#123;`, `#x1F;`? */
function isReference(text: string, i: number): boolean {
  let c = text.charCodeAt(i);
  if (c === 35 /* # */) {
    c = text.charCodeAt(i + 1);
    let j = i + 1;
    if (c === 120 /* x */) {
      j++;
      const s = j;
      for (; j < s + 8; j++) {
        c = text.charCodeAt(j);
        if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) break;
      }
      return j > s && text.charCodeAt(j) === 59;
    }
    const s = j;
    for (; j < s + 9; j++) {
      c = text.charCodeAt(j);
      if (!(c >= 48 && c <= 57)) break;
    }
    return j > s && text.charCodeAt(j) === 59;
  }
  if (!isNameStart(c)) return false;
  let j = i + 1;
  for (; j < i + MAX_NAME; j++) if (!isNameChar(text.charCodeAt(j))) break;
  return text.charCodeAt(j) === 59;
}
