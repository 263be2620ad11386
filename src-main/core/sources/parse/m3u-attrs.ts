// Attribute scanner for `#EXTINF:` and `#EXTM3U` lines.
//
// Hand-written over charCodeAt instead of a regex per attribute: the M3U hot
// path is this function, and one linear scan with index arithmetic (slicing
// only the values we keep) is several times faster than regex matching and
// never backtracks on garbage.
//
// Grammar accepted (lenient on purpose, playlists in the wild are messy):
//   #EXTINF:<duration> name="value" name='value' name=value ... ,<title>
// - values quoted with " or ', or unquoted (ending at whitespace or ',');
// - the title is everything after the first ',' outside a quoted value, so it
//   may itself contain commas and quotes;
// - names are lower-cased (TVG-ID and tvg-id mean the same to every player);
// - a bare word with no '=' is junk if a ',' follows, else the start of a
//   comma-less title (`#EXTINF:-1 tvg-id="x" My Channel`).

import { isHeaderAttr } from './m3u-headers';

const SPACE = 32;
const TAB = 9;
const COMMA = 44;
const EQ = 61;
const DQ = 34;
const SQ = 39;

// Names that almost every line carries. Returning these literals instead of
// slicing the name saves an allocation, the lower-casing pass and the string
// internalisation V8 performs when a fresh string is used as a property key.
const KNOWN_NAMES = [
  'tvg-id',
  'tvg-name',
  'tvg-logo',
  'tvg-chno',
  'tvg-url',
  'tvg-rec',
  'tvg-shift',
  'tvg-type',
  'tvg-language',
  'tvg-country',
  'group-title',
  'catchup',
  'catchup-days',
  'catchup-source',
  'catchup-correction',
  'timeshift',
  'url-tvg',
  'x-tvg-url',
  'radio',
  'parent-code',
  'audio-track',
  'aspect-ratio',
];
const NAMES_BY_LENGTH: string[][] = [];
for (const n of KNOWN_NAMES) (NAMES_BY_LENGTH[n.length] ??= []).push(n);

function knownName(text: string, start: number, len: number): string | undefined {
  const list = NAMES_BY_LENGTH[len];
  if (list === undefined) return undefined;
  for (let k = 0; k < list.length; k++) {
    const n = list[k] as string;
    if (text.startsWith(n, start)) return n;
  }
  return undefined;
}

export interface AttrScan {
  attrs: Record<string, string>;
  /** Title text, trimmed; '' when absent. */
  title: string;
  /** Whether a title separator (or comma-less title) was found. */
  hasTitle: boolean;
  /** Whether an attribute names a stream header (user-agent, referrer, …; see m3u-headers.ts). */
  headerAttrs: boolean;
}

export type ProblemSink = (message: string) => void;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * Scans `text[pos, end)` for attributes and an optional title.
 * Attribute values longer than `maxAttr` characters are dropped and reported.
 */
export function scanAttrs(
  text: string,
  pos: number,
  end: number,
  maxAttr: number,
  report: ProblemSink,
  attrs: Record<string, string> = {},
): AttrScan {
  let i = pos;
  let headerAttrs = false;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === COMMA) {
      return { attrs, title: text.slice(i + 1, end).trim(), hasTitle: true, headerAttrs };
    }
    // Attribute name: up to '=', whitespace or ','.
    const nameStart = i;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c === EQ || c === COMMA || isSpace(c)) break;
      i++;
    }
    if (c !== EQ || i >= end) {
      // Bare word. If a comma follows, it is junk between attributes (skip
      // the word, keep scanning); otherwise it starts a comma-less title.
      const comma = text.indexOf(',', i);
      if (comma < 0 || comma >= end) {
        return { attrs, title: text.slice(nameStart, end).trim(), hasTitle: true, headerAttrs };
      }
      if (i === nameStart) i++; // a lone '=': step over it
      continue;
    }
    const nameEnd = i;
    i++; // '='
    let value: string;
    const q = i < end ? text.charCodeAt(i) : -1;
    if (q === DQ || q === SQ) {
      const close = text.indexOf(q === DQ ? '"' : "'", i + 1);
      if (close < 0 || close >= end) {
        // Unterminated quote: the value runs to the last comma (which then
        // starts the title), or to the end of the line.
        const lastComma = text.lastIndexOf(',', end - 1);
        const stop = lastComma > i ? lastComma : end;
        report(`unterminated quote in attribute ${shownName(text, nameStart, nameEnd)}`);
        value = text.slice(i + 1, stop);
        i = stop;
      } else {
        value = text.slice(i + 1, close);
        i = close + 1;
      }
    } else {
      const vStart = i;
      while (i < end) {
        c = text.charCodeAt(i);
        if (c === COMMA || isSpace(c)) break;
        i++;
      }
      value = text.slice(vStart, i);
    }
    if (value.length > maxAttr) {
      report(`attribute ${shownName(text, nameStart, nameEnd)} longer than ${maxAttr} bytes skipped`);
      continue;
    }
    let key = knownName(text, nameStart, nameEnd - nameStart);
    if (key === undefined) {
      // Header attributes are never among the known names, so only this rare path looks for them.
      key = lowerName(text.slice(nameStart, nameEnd));
      if (isHeaderAttr(key)) headerAttrs = true;
    }
    // `__proto__` would be swallowed by the object's prototype setter.
    if (key === '__proto__' || key.length === 0) continue;
    attrs[key] = value;
  }
  return { attrs, title: '', hasTitle: false, headerAttrs };
}

/**
 * An attribute name for a problem message: a name from an #EXT line, cut short, with control
 * characters masked. Never more of the line than that.
 */
function shownName(text: string, start: number, end: number): string {
  // eslint-disable-next-line no-control-regex
  return text.slice(start, Math.min(end, start + 40)).replace(/[\x00-\x1f\x7f\ufffd]/g, '?');
}

/** Lower-cases only when needed; most names already are (saves an allocation). */
function lowerName(name: string): string {
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c >= 65 && c <= 90) return name.toLowerCase();
  }
  return name;
}

/** Parses the `#EXTINF:` duration at `pos`; returns [duration, index after it]. */
export function scanDuration(text: string, pos: number, end: number): [number, number] {
  let i = pos;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  // Fast path for the live convention "-1" (no slice, no number parsing).
  if (text.charCodeAt(i) === 45 && text.charCodeAt(i + 1) === 49) {
    const c = i + 2 < end ? text.charCodeAt(i + 2) : SPACE;
    if (!((c >= 48 && c <= 57) || c === 46)) return [-1, i + 2];
  }
  const start = i;
  while (i < end) {
    const c = text.charCodeAt(i);
    // digits, '-', '+', '.'
    if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) i++;
    else break;
  }
  if (i === start) return [-1, i];
  const n = Number(text.slice(start, i));
  return [Number.isFinite(n) ? n : -1, i];
}
