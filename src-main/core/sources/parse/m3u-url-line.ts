// Playlist lines that are not directives: is the line a media location (an
// entry's URL), or garbage the parser reports and skips?

const SPACE = 32;
const TAB = 9;

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

export function preview(text: string, s: number, e: number): string {
  // Show control characters safely; keep messages short.
  return JSON.stringify(text.slice(s, Math.min(e, s + 40)));
}

/**
 * Returns null when `text[s,e)` is usable as a media location, or why not.
 * Accepted: `scheme:` URLs (http, rtmp, udp, plugin, …), absolute or
 * relative paths. Rejected: control characters or U+FFFD (binary garbage)
 * and text with spaces that has neither a scheme nor a path shape.
 */
export function checkUrlLine(text: string, s: number, e: number): string | null {
  // Fast path, and by far the common case: "http:" / "https:". Binary
  // garbage that happens to start with a URL scheme is not worth a
  // per-character scan of every URL (it was a measurable share of the time).
  if (text.startsWith('http', s)) {
    const c = text.charCodeAt(s + 4);
    if (c === 58 || (c === 115 && text.charCodeAt(s + 5) === 58)) return null;
  }
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if ((c < 32 && c !== TAB) || c === 127 || c === 0xfffd) return 'binary garbage line skipped';
  }
  let schemeEnd = -1;
  let sawSpace = false;
  let sawPathChar = false;
  let schemeOk = true;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if (schemeEnd < 0 && schemeOk) {
      if (c === 58 /* : */) schemeEnd = k;
      else if (!isSchemeChar(c, k === s)) schemeOk = false;
    }
    if (c === SPACE) sawSpace = true;
    else if (c === 47 /* / */ || c === 92 /* \ */ || c === 46 /* . */) sawPathChar = true;
  }
  if (schemeEnd - s >= 2) return null; // scheme: (one letter is a drive, a path)
  if (sawPathChar && (!sawSpace || isPathStart(text.charCodeAt(s)) || schemeEnd === s + 1)) return null;
  return 'not a URL or directive, skipped';
}

function isSchemeChar(c: number, first: boolean): boolean {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (first) return alpha;
  return alpha || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

function isPathStart(c: number): boolean {
  return c === 47 || c === 92 || c === 46 || c === 126; // / \ . ~
}
