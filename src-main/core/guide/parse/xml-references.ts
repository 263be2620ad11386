// Entity and character references in XML text and attribute values, as XMLTV files write them.
//
// Resolved: the five predefined entities, decimal and hex character references, and a few HTML entities
// that hand-made guides use as if XML had them (a static lookup, not DTD processing, so nothing here can
// expand recursively: a "billion laughs" bomb stays inert text). Unknown references stay as written and
// are reported; a '&' that starts no reference at all ("Tom & Jerry") is kept as text and only counted.
import { isNameStart } from './xml-names';

const HASH = 35; // #

/** Longest entity name we look for before calling the '&' bare. */
const MAX_ENTITY = 32;

// A Map, not an object literal: `&constructor;` must not find Object.prototype's members.
const ENTITIES = new Map<string, string>([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  // HTML entities that hand-made guides use as if XML had them: a static
  // lookup, not DTD processing, so nothing here can expand recursively.
  ['nbsp', '\u00a0'],
  ['ndash', '\u2013'],
  ['mdash', '\u2014'],
  ['hellip', '\u2026'],
  ['lsquo', '\u2018'],
  ['rsquo', '\u2019'],
  ['ldquo', '\u201c'],
  ['rdquo', '\u201d'],
  ['laquo', '\u00ab'],
  ['raquo', '\u00bb'],
  ['copy', '\u00a9'],
  ['reg', '\u00ae'],
  ['trade', '\u2122'],
  ['euro', '\u20ac'],
]);

export class XmlReferences {
  /** Bare '&' kept as text, and where the first one was. */
  bareAmpersands = 0;
  firstBareAt = -1;
  private readonly report: (message: string, at: number) => void;

  constructor(report: (message: string, at: number) => void) {
    this.report = report;
  }

  /** Resolves entity and character references; unknown ones stay as written. */
  decode(raw: string, at: number): string {
    let amp = raw.indexOf('&');
    if (amp < 0) return raw;
    let out = '';
    let copied = 0;
    while (amp >= 0) {
      const semi = raw.indexOf(';', amp + 1);
      const ref = semi < 0 || semi - amp > MAX_ENTITY ? null : raw.slice(amp + 1, semi);
      const value = ref === null ? null : this.resolve(ref, at + amp);
      if (value === null) {
        if (ref === null || (ref.charCodeAt(0) !== HASH && !isReferenceName(ref))) {
          this.bareAmpersands++;
          if (this.firstBareAt < 0) this.firstBareAt = at + amp;
        }
        amp = raw.indexOf('&', amp + 1);
        continue;
      }
      out += raw.slice(copied, amp) + value;
      copied = semi + 1;
      amp = raw.indexOf('&', copied);
    }
    return copied === 0 ? raw : out + raw.slice(copied);
  }

  /** The text of `&ref;`, or null (reported when it looked like a reference). */
  private resolve(ref: string, at: number): string | null {
    if (ref.charCodeAt(0) === HASH) {
      const hex = ref.charCodeAt(1) === 120 || ref.charCodeAt(1) === 88;
      const digits = ref.slice(hex ? 2 : 1);
      const code = /^[0-9a-fA-F]{1,8}$/.test(digits) ? Number.parseInt(digits, hex ? 16 : 10) : Number.NaN;
      if (!Number.isNaN(code) && (hex || /^\d+$/.test(digits)) && isXmlChar(code)) {
        return String.fromCodePoint(code);
      }
      this.report(`invalid character reference &${ref}; kept as text`, at);
      return null;
    }
    const value = ENTITIES.get(ref);
    if (value !== undefined) return value;
    if (isReferenceName(ref)) this.report(`undefined entity &${ref}; kept as text`, at);
    return null;
  }
}

/**
 * XML's Char production: a reference to anything else (&#1;, a lone surrogate &#xD800;, &#xFFFE;) is not
 * well-formed, and would put text into the database that other programs choke on.
 */
function isXmlChar(c: number): boolean {
  return (
    c === 9 ||
    c === 10 ||
    c === 13 ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** Could `ref` be an entity name (so `&ref;` was meant as a reference)? */
function isReferenceName(ref: string): boolean {
  if (ref.length === 0 || !isNameStart(ref.charCodeAt(0))) return false;
  for (let i = 1; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (!(isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46)) return false;
  }
  return true;
}
