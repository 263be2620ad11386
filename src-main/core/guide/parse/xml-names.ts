// Character classes of XML names, shared by the scanner and the reference decoder.

/** Can `c` (a UTF-16 code unit) start an element, attribute or entity name? Lenient above 0xC0. */
export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0xc0;
}
