// Markup that is not an element, which the scanner steps over: comments, processing instructions,
// the DOCTYPE (its internal subset included; DTD-declared entities are never expanded, so a "billion
// laughs" bomb stays inert text) and other "<!…>" declarations. Each function finds where such a
// token ends in the text scanned so far, or says it has not all arrived yet.
import { CLOSE_BRACKET, DQUOTE, GT, LT, OPEN_BRACKET, QUESTION, SQUOTE } from './xml-chars';

/** Position after the next `end` at or after `from`, or -1 when it has not arrived. */
export function skipTo(buf: string, from: number, end: string): number {
  const at = buf.indexOf(end, from);
  return at < 0 ? -1 : at + end.length;
}

/**
 * Position after the '>' that ends a DOCTYPE whose name starts at `from`, or -1 when it has not arrived.
 * Quoted literals (system ids, entity values), comments and processing instructions are skipped whole,
 * so a ']' or '>' inside them (`<!ENTITY x "a]b">`) ends neither the internal subset nor the DOCTYPE.
 */
export function doctypeEnd(buf: string, from: number): number {
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

/** Is the buffer too short after `lt` to tell a comment, CDATA or DOCTYPE from other "<!"? */
export function undecidedBang(buf: string, lt: number): boolean {
  if (buf.length - lt >= 9) return false;
  const head = buf.slice(lt);
  return '<!--'.startsWith(head) || '<![CDATA['.startsWith(head) || '<!DOCTYPE'.startsWith(head);
}

/** What the unfinished token at the end of the input is, for the problem that reports it. */
export function describeToken(rest: string): string {
  if (rest.startsWith('<!--')) return 'a comment';
  if (rest.startsWith('<![CDATA[')) return 'a CDATA section';
  return 'a tag';
}
