// A small, lenient, streaming XML tokenizer: just enough XML for XMLTV, fast.
//
// Why not a library: the import must beat @iptv/xmltv's parse by 2× and run at
// ≥ 60 % of saxes' raw throughput (issue 4). saxes (and htmlparser2, sax)
// inspect every character and reach ~45 MB/s here, which on this machine is
// already the whole 2× budget before a single row is built or stored. This
// scanner jumps between markup characters with String.indexOf, so the text
// between tags costs next to nothing (bench/parsers: ~1.9x saxes' raw throughput, while also
// building every channel and programme).
//
// What it does: elements and attributes ('…' or "…"), text, CDATA, comments,
// processing instructions and the DOCTYPE (skipped, internal subset included),
// the five predefined entities, numeric references and a few HTML entities
// that hand-made guides use. What it deliberately does not: DTD-declared
// entities are never expanded (a "billion laughs" bomb stays inert text), and
// it does not validate names or raw characters (character references must
// name XML characters). It never throws on bad input: every oddity is
// reported through `problem` and parsing goes on, with HTML-like recovery for
// misspelt or missing close tags, duplicate attributes (the first wins) and
// unterminated attribute quotes (the tag ends at its line's end, its '>' or
// the next '<'). tests/unit/parsers/xml-differential.test.ts checks it
// against saxes on every well-formed XMLTV file of the tests.
//
// Streaming: an unfinished token (tag, comment, text run) is kept until its
// end arrives; `pending` says how long it is so the caller can cap it.
import { isNameStart, shownName } from './xml-names';
import { XmlReferences } from './xml-references';

/** The attributes of the tag being opened; valid only during `open()`. */
export interface XmlAttrs {
  /** The decoded value, or undefined when the tag has no such attribute. */
  get(name: string): string | undefined;
  /** All of them (tests, diagnostics). */
  all(): Record<string, string>;
}

export interface XmlSink {
  /** An element opened (self-closing ones are followed by close() at once). */
  open(name: string, attrs: XmlAttrs): void;
  /** The innermost open element closed. */
  close(): void;
  /** Decoded text or CDATA, only while `wantText` is set. */
  text(text: string): void;
  /** A well-formedness problem at a character offset; parsing continues. */
  problem(message: string, at: number): void;
}

const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?
const EQ = 61; // =
const DQUOTE = 34; // "
const SQUOTE = 39; // '
const LT = 60; // <
const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/**
 * Continues a tag or attribute name. Lenient (anything above '>' counts, so any letter does), and
 * ordered so the common case, a letter, is decided by the first comparison; NaN (past the end of
 * the text) fails every comparison.
 */
function isNameChar(c: number): boolean {
  return c > GT || (c >= 45 && c <= 58 && c !== SLASH);
}

export class XmlScanner {
  /** Set by the sink while it wants text; other text is skipped unread. */
  wantText = false;

  /**
   * The text being scanned, its offset in the whole input and the newlines
   * before it: a sink that remembers these three can turn an offset inside
   * `buf` into a line number later, without counting lines up front.
   */
  buf = '';
  bufStart = 0;
  bufLines = 0;
  /** Offset of the token being handled (for the sink's own reports). */
  at = 0;

  private readonly sink: XmlSink;
  private readonly stack: string[] = [];
  private readonly attrs: TagAttrs;
  /** Entity and character references; also counts bare '&' (kept as text). */
  readonly references: XmlReferences;
  private sawElement = false;
  private reportedOutside = false;
  /**
   * The first '<' after the tag being opened, when openTag looked for it (to tell an unterminated
   * attribute quote): the scan loop then needs no search of its own. Valid only within one scan().
   */
  private nextLt = -1;

  constructor(sink: XmlSink) {
    this.sink = sink;
    this.references = new XmlReferences((message, at) => sink.problem(message, at));
    this.attrs = new TagAttrs(this.references);
  }

  /** Open elements, outermost first. */
  get openElements(): readonly string[] {
    return this.stack;
  }

  /** Length of the unfinished token held back for the next write. */
  get pending(): number {
    return this.buf.length;
  }

  write(text: string): void {
    const buf = this.buf.length === 0 ? text : this.buf + text;
    this.buf = buf;
    const done = this.scan(buf);
    this.bufLines += countNewlines(buf, done);
    this.bufStart += done;
    this.buf = done === buf.length ? '' : buf.slice(done);
  }

  /** Ends the input: reports what is left open or unfinished. */
  end(): void {
    const rest = this.buf;
    if (rest.startsWith('<')) {
      this.sink.problem(`input ends inside ${describeToken(rest)}`, this.bufStart);
    } else if (this.stack.length === 0 && rest.trim().length !== 0) {
      this.outside(this.bufStart);
    }
    for (let i = this.stack.length - 1; i >= 0; i--) {
      this.sink.problem(`unclosed tag: ${shownName(this.stack[i] as string)}`, this.bufStart + rest.length);
    }
    if (!this.sawElement) this.sink.problem('no XML elements found', 0);
  }

  /** Scans `buf` from its start; returns how far it got (the rest is an unfinished token). */
  private scan(buf: string): number {
    const len = buf.length;
    let pos = 0;
    this.nextLt = -1;
    while (pos < len) {
      const lt = this.nextLt >= pos ? this.nextLt : buf.indexOf('<', pos);
      if (lt < 0) {
        // A text run without its end yet: hold it only if someone reads it.
        if (this.wantText) return pos;
        this.textRun(buf, pos, len);
        return len;
      }
      if (lt > pos) this.textRun(buf, pos, lt);
      this.at = this.bufStart + lt;
      const c = buf.charCodeAt(lt + 1);
      let next: number;
      if (c === SLASH) next = this.closeTag(buf, lt);
      else if (c === BANG) next = this.bang(buf, lt);
      else if (c === QUESTION) next = skipTo(buf, lt + 2, '?>');
      else if (Number.isNaN(c)) next = -1;
      else next = this.openTag(buf, lt, c);
      if (next < 0) return lt;
      pos = next;
    }
    return len;
  }

  private textRun(buf: string, from: number, to: number): void {
    if (this.wantText && this.stack.length !== 0) {
      this.at = this.bufStart + from;
      this.sink.text(this.references.decode(buf.slice(from, to), this.bufStart + from));
    } else if (this.stack.length === 0 && !this.reportedOutside) {
      for (let i = from; i < to; i++) {
        if (!isSpace(buf.charCodeAt(i))) {
          this.outside(this.bufStart + i);
          break;
        }
      }
    }
  }

  private outside(at: number): void {
    if (this.reportedOutside) return;
    this.reportedOutside = true;
    this.sink.problem('text outside the root element ignored', at);
  }

  /** `<!--`, `<![CDATA[`, `<!DOCTYPE`; returns the position after it, or -1 if unfinished. */
  private bang(buf: string, lt: number): number {
    if (buf.startsWith('<!--', lt)) return skipTo(buf, lt + 4, '-->');
    if (buf.startsWith('<![CDATA[', lt)) {
      const end = buf.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (this.wantText) this.sink.text(buf.slice(lt + 9, end));
      return end + 3;
    }
    if (buf.startsWith('<!DOCTYPE', lt)) return doctypeEnd(buf, lt + 9);
    // Too short to tell yet, or some other "<!…>": skip it.
    if (undecidedBang(buf, lt)) return -1;
    this.sink.problem('unknown markup declaration skipped', this.bufStart + lt);
    return skipTo(buf, lt + 2, '>');
  }

  private closeTag(buf: string, lt: number): number {
    const gt = buf.indexOf('>', lt + 2);
    if (gt < 0) return -1;
    const name = buf.slice(lt + 2, gt).trim();
    const stack = this.stack;
    const at = this.bufStart + lt;
    const top = stack.length - 1;
    if (top < 0) {
      this.sink.problem(`closing tag without an open element: ${shownName(name)}`, at);
    } else if (stack[top] === name) {
      stack.pop();
      this.sink.close();
    } else {
      const match = stack.lastIndexOf(name);
      if (match >= 0) {
        // A missing close tag: everything inside ends here.
        for (let i = top; i > match; i--) {
          this.sink.problem(`unclosed tag: ${shownName(stack[i] as string)}`, at);
          stack.pop();
          this.sink.close();
        }
        stack.pop();
        this.sink.close();
      } else {
        // Nothing by that name is open: most likely a typo of the innermost one.
        this.sink.problem(
          `unmatched closing tag: ${shownName(name)} (closes ${shownName(stack[top] as string)})`,
          at,
        );
        stack.pop();
        this.sink.close();
      }
    }
    return gt + 1;
  }

  private openTag(buf: string, lt: number, first: number): number {
    if (!isNameStart(first)) {
      this.sink.problem("'<' that starts no tag read as text", this.bufStart + lt);
      if (this.wantText) this.sink.text('<');
      return lt + 1;
    }
    let i = lt + 2;
    while (isNameChar(buf.charCodeAt(i))) i++;
    if (i >= buf.length) return -1;
    const name = buf.slice(lt + 1, i);
    // Attributes are recorded as positions and only cut out and decoded
    // when the sink asks for one: most tags' attributes are never read, and
    // building an object per tag (with dynamic keys) was the scanner's
    // largest cost.
    const attrs = this.attrs;
    attrs.reset(buf, this.bufStart);
    let selfClosing = false;
    let unquoted = -1;
    // The first '<' after the first quoted value, looked up once per tag: -2 not yet, -1 none yet.
    let nextLt = -2;
    for (;;) {
      let c = buf.charCodeAt(i);
      while (isSpace(c)) c = buf.charCodeAt(++i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        const n = buf.charCodeAt(i + 1);
        if (Number.isNaN(n)) return -1;
        if (n === GT) {
          selfClosing = true;
          i += 2;
          break;
        }
        i++;
        continue;
      }
      if (Number.isNaN(c)) return -1;
      const nameStart = i;
      while (isNameChar(buf.charCodeAt(i))) i++;
      const nameEnd = i;
      c = buf.charCodeAt(i);
      while (isSpace(c)) c = buf.charCodeAt(++i);
      if (Number.isNaN(c)) return -1;
      if (c !== EQ) {
        if (nameEnd === nameStart)
          i++; // a stray character: step over it
        else attrs.add(nameStart, nameEnd, i, i);
        continue;
      }
      c = buf.charCodeAt(++i);
      while (isSpace(c)) c = buf.charCodeAt(++i);
      if (Number.isNaN(c)) return -1;
      if (c === DQUOTE || c === SQUOTE) {
        const end = buf.indexOf(c === DQUOTE ? '"' : "'", i + 1);
        // (Again only if an unquoted value before this one held a '<'.)
        if (nextLt === -2 || (nextLt >= 0 && nextLt <= i)) {
          nextLt = buf.indexOf('<', i + 1);
          this.nextLt = nextLt;
        }
        // A value cannot hold '<': one that runs past a '<' lost its closing quote.
        if (nextLt >= 0 && (end < 0 || nextLt < end)) {
          i = this.unterminated(buf, nameStart, nameEnd, i + 1, nextLt);
          if (buf.charCodeAt(i - 1) === GT) selfClosing = buf.charCodeAt(i - 2) === SLASH;
          break;
        }
        if (end < 0) return -1;
        attrs.add(nameStart, nameEnd, i + 1, end);
        i = end + 1;
      } else {
        const start = i;
        while (!isSpace(c) && c !== GT && !Number.isNaN(c)) c = buf.charCodeAt(++i);
        if (Number.isNaN(c)) return -1;
        attrs.add(nameStart, nameEnd, start, i);
        if (unquoted < 0) unquoted = nameStart;
      }
    }
    if (unquoted >= 0) {
      const attrName = buf.slice(unquoted, buf.indexOf('=', unquoted)).trim();
      this.sink.problem(`unquoted attribute value: ${shownName(attrName)}`, this.bufStart + unquoted);
    }
    // Reported only now: an unfinished tag is scanned again when the rest of it arrives.
    for (let k = 0; k < attrs.duplicates.length; k += 2) {
      const at = attrs.duplicates[k] as number;
      const name = buf.slice(at, attrs.duplicates[k + 1]);
      this.sink.problem(
        `duplicate attribute ${shownName(name)} ignored (the first one is kept)`,
        this.bufStart + at,
      );
    }
    this.sawElement = true;
    this.stack.push(name);
    this.sink.open(name, attrs);
    if (selfClosing) {
      this.stack.pop();
      this.sink.close();
    }
    return i;
  }

  /**
   * An attribute value whose closing quote is missing (it would run past the '<' at `lt`): the value
   * ends at the end of its line, at the tag's '>', or before that '<', whichever comes first, and so
   * does the tag. Without this, the value ran on to the next quote anywhere in the guide (or to the
   * token cap), swallowing everything in between. Returns where scanning goes on.
   */
  private unterminated(buf: string, nameStart: number, nameEnd: number, from: number, lt: number): number {
    let stop = lt;
    let where = 'the next tag';
    const gt = buf.indexOf('>', from);
    if (gt >= 0 && gt < stop) {
      stop = gt;
      where = 'the end of the tag';
    }
    const nl = buf.indexOf('\n', from);
    if (nl >= 0 && nl < stop) {
      stop = nl;
      where = 'the end of the line';
    }
    // "x.png/>": the '/' closes the element, it is not part of the value; nor is a CR before the LF.
    const last = stop > from ? buf.charCodeAt(stop - 1) : -1;
    const valueEnd = (stop === gt && last === SLASH) || (stop === nl && last === 13) ? stop - 1 : stop;
    this.attrs.add(nameStart, nameEnd, from, valueEnd);
    const name = buf.slice(nameStart, nameEnd);
    this.sink.problem(
      `unterminated attribute value: ${shownName(name)} (ends at ${where})`,
      this.bufStart + nameStart,
    );
    return stop === gt ? gt + 1 : stop;
  }
}

/** Attribute positions of one tag: name start/end and value start/end, four numbers each. */
class TagAttrs implements XmlAttrs {
  private readonly references: XmlReferences;
  private buf = '';
  private base = 0;
  private count = 0;
  private readonly pos: number[] = [];
  /** Start and end of each name given again after its first use in this tag (not kept). */
  readonly duplicates: number[] = [];

  constructor(references: XmlReferences) {
    this.references = references;
  }

  reset(buf: string, base: number): void {
    this.buf = buf;
    this.base = base;
    this.count = 0;
    if (this.duplicates.length !== 0) this.duplicates.length = 0;
  }

  /** Records an attribute, unless its name was given before in this tag: the first one wins. */
  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const pos = this.pos;
    const len = nameEnd - nameStart;
    for (let k = 0; k < this.count * 4; k += 4) {
      // Lengths first: names of one tag nearly always differ in length, so this rarely reads text.
      if (
        (pos[k + 1] as number) - (pos[k] as number) === len &&
        this.sameText(pos[k] as number, nameStart, len)
      ) {
        this.duplicates.push(nameStart, nameEnd);
        return;
      }
    }
    const k = this.count++ * 4;
    pos[k] = nameStart;
    pos[k + 1] = nameEnd;
    pos[k + 2] = valueStart;
    pos[k + 3] = valueEnd;
  }

  private sameText(a: number, b: number, len: number): boolean {
    const buf = this.buf;
    for (let i = 0; i < len; i++) if (buf.charCodeAt(a + i) !== buf.charCodeAt(b + i)) return false;
    return true;
  }

  get(name: string): string | undefined {
    const pos = this.pos;
    for (let k = 0; k < this.count * 4; k += 4) {
      const start = pos[k] as number;
      if ((pos[k + 1] as number) - start === name.length && this.buf.startsWith(name, start)) {
        return this.value(k);
      }
    }
    return undefined;
  }

  all(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let k = 0; k < this.count * 4; k += 4) {
      // defineProperty: an attribute named __proto__ is data, not the object's prototype.
      Object.defineProperty(out, this.buf.slice(this.pos[k], this.pos[k + 1]), {
        value: this.value(k),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  private value(k: number): string {
    const start = this.pos[k + 2] as number;
    const raw = this.buf.slice(start, this.pos[k + 3]);
    return raw.indexOf('&') < 0 ? raw : this.references.decode(raw, this.base + start);
  }
}

/**
 * Position after the '>' that ends a DOCTYPE whose name starts at `from`, or -1 when it has not arrived.
 * Quoted literals (system ids, entity values), comments and processing instructions are skipped whole,
 * so a ']' or '>' inside them (`<!ENTITY x "a]b">`) ends neither the internal subset nor the DOCTYPE.
 */
function doctypeEnd(buf: string, from: number): number {
  let inSubset = false;
  let i = from;
  while (i < buf.length) {
    const c = buf.charCodeAt(i);
    let next = i + 1;
    if (c === DQUOTE || c === SQUOTE) {
      const close = buf.indexOf(c === DQUOTE ? '"' : "'", i + 1);
      if (inSubset) next = close < 0 ? -1 : close + 1;
      else {
        // In the DOCTYPE's head a literal (the system id) never holds '>': a quote that does not close
        // before it is a typo (`SYSTEM "xmltv.dtd>`), and must not take the root tag with it.
        const gt = buf.indexOf('>', i + 1);
        if (close >= 0 && (gt < 0 || close < gt)) next = close + 1;
        else if (gt < 0) return -1;
      }
    } else if (inSubset && c === LT && buf.startsWith('<!--', i)) next = skipTo(buf, i + 4, '-->');
    else if (inSubset && c === LT && buf.charCodeAt(i + 1) === QUESTION) next = skipTo(buf, i + 2, '?>');
    else if (inSubset && c === LT && i + 4 > buf.length)
      return -1; // too short to tell yet
    else if (c === OPEN_BRACKET) inSubset = true;
    else if (c === CLOSE_BRACKET) inSubset = false;
    else if (c === GT && !inSubset) return i + 1;
    if (next < 0) return -1;
    i = next;
  }
  return -1;
}

/** Position after the next `end` at or after `from`, or -1 when it has not arrived. */
function skipTo(buf: string, from: number, end: string): number {
  const at = buf.indexOf(end, from);
  return at < 0 ? -1 : at + end.length;
}

/** Is the buffer too short after `lt` to tell a comment, CDATA or DOCTYPE from other "<!"? */
function undecidedBang(buf: string, lt: number): boolean {
  if (buf.length - lt >= 9) return false;
  const head = buf.slice(lt);
  return '<!--'.startsWith(head) || '<![CDATA['.startsWith(head) || '<!DOCTYPE'.startsWith(head);
}

function describeToken(rest: string): string {
  if (rest.startsWith('<!--')) return 'a comment';
  if (rest.startsWith('<![CDATA[')) return 'a CDATA section';
  return 'a tag';
}

export function countNewlines(text: string, end = text.length): number {
  let n = 0;
  let i = text.indexOf('\n');
  while (i >= 0 && i < end) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}
