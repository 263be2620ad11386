// XML names: their character classes (shared by the scanner, the attribute scanner and the reference
// decoder), and how problem messages show them.
import { GT, SLASH } from './xml-chars';

/** Can `c` (a UTF-16 code unit) start an element, attribute or entity name? Lenient above 0xC0. */
export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0xc0;
}

/**
 * Continues a tag or attribute name. Lenient (anything above '>' counts, so any letter does), and
 * ordered so the common case, a letter, is decided by the first comparison; NaN (past the end of
 * the text) fails every comparison.
 */
export function isNameChar(c: number): boolean {
  return c > GT || (c >= 45 && c <= 58 && c !== SLASH);
}

/**
 * A name (tag, attribute) for a problem message: cut to 32 characters, control characters masked.
 * Problems quote names only, never text, and never much of anything: a file that is no guide may
 * hold anything.
 */
export function shownName(name: string): string {
  const cut = name.length > 32 ? `${name.slice(0, 32)}…` : name;
  // eslint-disable-next-line no-control-regex
  return cut.replace(/[\x00-\x1f\x7f]/g, '?');
}
