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
//
// The scanner's parts: xml-attributes.ts (a start tag's attributes), xml-markup.ts (comments, PIs,
// DOCTYPE), xml-references.ts (entity and character references), xml-names.ts and xml-chars.ts.
import { TagAttrs, type XmlAttrs } from './xml-attributes';
import { BANG, isSpace, QUESTION, SLASH } from './xml-chars';
import { describeToken, doctypeEnd, skipTo, undecidedBang } from './xml-markup';
import { isNameChar, isNameStart, shownName } from './xml-names';
import { XmlReferences } from './xml-references';

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
   * The first '<' after the tag being opened, when its attribute scan looked for it (to tell an
   * unterminated quote): the scan loop then needs no search of its own. Valid only within one scan().
   */
  private nextLt = -1;

  constructor(sink: XmlSink) {
    this.sink = sink;
    this.references = new XmlReferences((message, at) => sink.problem(message, at));
    this.attrs = new TagAttrs(this.references, (message, at) => sink.problem(message, at));
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
    const attrs = this.attrs;
    i = attrs.scan(buf, this.bufStart, i);
    if (i < 0) return -1;
    this.nextLt = attrs.nextLt;
    this.sawElement = true;
    this.stack.push(name);
    this.sink.open(name, attrs);
    if (attrs.selfClosing) {
      this.stack.pop();
      this.sink.close();
    }
    return i;
  }
}

/** The newlines in `text` before `end`: lines are counted only for what is reported, or passed. */
export function countNewlines(text: string, end = text.length): number {
  let n = 0;
  let i = text.indexOf('\n');
  while (i >= 0 && i < end) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}
