// Character codes the scanner's modules compare against (charCodeAt), and XML white space.

export const BANG = 33; // !
export const DQUOTE = 34; // "
export const SQUOTE = 39; // '
export const SLASH = 47; // /
export const LT = 60; // <
export const EQ = 61; // =
export const GT = 62; // >
export const QUESTION = 63; // ?
export const OPEN_BRACKET = 91; // [
export const CLOSE_BRACKET = 93; // ]

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}
