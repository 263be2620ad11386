// Channel names, two ways.
//  - identity (nameKey): lower-cased, whitespace collapsed, plus the group. Keeps "BBC One HD" and
//    "BBC One SD" apart, because a playlist may carry both and each must keep its own recordings.
//  - guide matching (matchName): also drops accents, country prefixes ("UK:", "|DE|", "[US]"), quality
//    tags (HD, FHD, 4K, HEVC...) and punctuation, because a guide says "BBC One" for all of them.

/** Lower case, whitespace runs collapsed, trimmed. Fast path: most names need no rewrite. */
export function foldSpaces(text: string): string {
  const lower = text.toLowerCase();
  return /\s{2,}|^\s|\s$|[\t\n\r]/.test(lower) ? lower.replace(/\s+/g, ' ').trim() : lower;
}

/** The identity of an entry without a stable id: its name within its group. */
export function nameKey(name: string, group: string | null): string {
  return `name:${foldSpaces(name)}|${group === null ? '' : foldSpaces(group)}`;
}

const COUNTRY_PREFIX =
  /^\s*(?:\[[^\]]{1,12}\]|\|[^|]{1,12}\||\([^)]{1,12}\)|[a-z]{2,4}(?:-[a-z]{2,4})?\s*[:|])\s*/;
const BRACKETED = /[[(][^\])]{0,20}[\])]/g;
const QUALITY =
  /\b(?:fhd|uhd|hd|sd|hq|lq|4k|8k|hevc|h\.?26[45]|x26[45]|1080[pi]?|720p?|2160p?|576[pi]?|480p?|50fps|60fps|backup|raw|vip|multi[- ]?audio)\b/g;

/** Drops combining marks (é -> e); only runs when the text has non-ASCII characters. */
function stripAccents(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** The form channel names and guide display names are compared in for automatic mapping. */
export function matchName(name: string): string {
  let text = stripAccents(name.toLowerCase());
  text = text.replace(COUNTRY_PREFIX, '');
  text = text.replace(BRACKETED, ' ').replace(QUALITY, ' ');
  text = text.replace(/&/g, ' and ').replace(/\+/g, ' plus ');
  // Letters and digits of any script survive; everything else (spaces, dots, dashes) goes.
  const compact = text.replace(/[^\p{L}\p{N}]+/gu, '');
  return compact;
}
