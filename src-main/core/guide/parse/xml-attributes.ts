// The attributes of one start tag: scanned from after the tag's name to its end, recorded as positions,
// and only cut out and decoded when the sink asks for one. Most tags' attributes are never read, and
// building an object per tag (with dynamic keys) was the scanner's largest cost.
//
// Recovery, as HTML readers do it: a name given twice keeps its first value; an unquoted value is
// read up to white space or '>'; a quoted value that runs past a '<' lost its closing quote and ends
// at its line's end, its tag's '>' or that '<' (see unterminated). Each is reported, never thrown.
import { DQUOTE, EQ, GT, isSpace, SLASH, SQUOTE } from './xml-chars';
import { isNameChar, shownName } from './xml-names';
import type { XmlReferences } from './xml-references';

/** The attributes of the tag being opened; valid only during `open()`. */
export interface XmlAttrs {
  /** The decoded value, or undefined when the tag has no such attribute. */
  get(name: string): string | undefined;
  /** All of them (tests, diagnostics). */
  all(): Record<string, string>;
}

/** Attribute positions of one tag: name start/end and value start/end, four numbers each. */
export class TagAttrs implements XmlAttrs {
  private readonly references: XmlReferences;
  private readonly problem: (message: string, at: number) => void;
  private buf = '';
  private base = 0;
  private count = 0;
  private readonly pos: number[] = [];
  /** Start and end of each name given again after its first use in this tag (not kept). */
  private readonly duplicates: number[] = [];
  /** After scan(): the tag ended with '/>'. */
  selfClosing = false;
  /**
   * After scan(): the first '<' after the tag's first quoted value (-1: none; -2: not looked for).
   * It is looked for to tell an unterminated quote, and the scanner's loop then needs no search of
   * its own for the next tag.
   */
  nextLt = -2;

  constructor(references: XmlReferences, problem: (message: string, at: number) => void) {
    this.references = references;
    this.problem = problem;
  }

  /**
   * Scans the attributes of the tag in `buf` (at offset `base` of the whole input) from `from`, just
   * after its name. Returns the position after the tag's end, or -1 when the tag has not all arrived:
   * it is then scanned again with more text, so its problems are reported only once it is whole.
   */
  scan(buf: string, base: number, from: number): number {
    this.buf = buf;
    this.base = base;
    this.count = 0;
    if (this.duplicates.length !== 0) this.duplicates.length = 0;
    this.nextLt = -2;
    let i = from;
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
        else this.add(nameStart, nameEnd, i, i);
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
          i = this.unterminated(nameStart, nameEnd, i + 1, nextLt);
          if (buf.charCodeAt(i - 1) === GT) selfClosing = buf.charCodeAt(i - 2) === SLASH;
          break;
        }
        if (end < 0) return -1;
        this.add(nameStart, nameEnd, i + 1, end);
        i = end + 1;
      } else {
        const start = i;
        while (!isSpace(c) && c !== GT && !Number.isNaN(c)) c = buf.charCodeAt(++i);
        if (Number.isNaN(c)) return -1;
        this.add(nameStart, nameEnd, start, i);
        if (unquoted < 0) unquoted = nameStart;
      }
    }
    this.selfClosing = selfClosing;
    if (unquoted >= 0) {
      const attrName = buf.slice(unquoted, buf.indexOf('=', unquoted)).trim();
      this.problem(`unquoted attribute value: ${shownName(attrName)}`, base + unquoted);
    }
    for (let k = 0; k < this.duplicates.length; k += 2) {
      const at = this.duplicates[k] as number;
      const name = buf.slice(at, this.duplicates[k + 1]);
      this.problem(`duplicate attribute ${shownName(name)} ignored (the first one is kept)`, base + at);
    }
    return i;
  }

  /**
   * An attribute value whose closing quote is missing (it would run past the '<' at `lt`): the value
   * ends at the end of its line, at the tag's '>', or before that '<', whichever comes first, and so
   * does the tag. Without this, the value ran on to the next quote anywhere in the guide (or to the
   * token cap), swallowing everything in between. Returns where scanning goes on.
   */
  private unterminated(nameStart: number, nameEnd: number, from: number, lt: number): number {
    const buf = this.buf;
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
    this.add(nameStart, nameEnd, from, valueEnd);
    const name = buf.slice(nameStart, nameEnd);
    this.problem(
      `unterminated attribute value: ${shownName(name)} (ends at ${where})`,
      this.base + nameStart,
    );
    return stop === gt ? gt + 1 : stop;
  }

  /** Records an attribute, unless its name was given before in this tag: the first one wins. */
  private add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
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
