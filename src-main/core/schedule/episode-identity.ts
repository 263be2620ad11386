// Which airings are the same episode. IPTV guides are weak and uneven: some carry the programme ids of
// a listings service (dd_progid), many only season/episode numbers, some only a sub-title (the episode's
// name), some nothing but a description. So an episode's identity is layered, strongest first, and two
// airings are compared on the strongest layer BOTH have: an id beats numbers beats a sub-title beats a
// description. A layer one side lacks says nothing; when no layer is shared the answer is "not the same"
// (recording an episode twice costs disk space; calling two episodes the same loses one for good).
//
// These keys are stored (episode history, tombstones of deleted recordings) and compared with keys made
// later, so normalizeTitle, the key formats and the hash must not change without migrating stored keys.
import type { EpisodeKeys } from './plan-types';

// ---------------------------------------------------------------------------------------------------
// Normalisation

/** Apostrophes (and the period) between two letters or digits join them: Grey's, S.H.I.E.L.D., 9.1.1. */
const JOINER = /(?<=[\p{L}\p{N}])['\u2018\u2019\u02bc`\u00b4.](?=[\p{L}\p{N}])/gu;
const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Titles repeat across airings; descriptions do not and are longer, so only short strings are cached. */
const CACHE_MAX_LENGTH = 300;
const CACHE_MAX_ENTRIES = 50_000;
const cache = new Map<string, string>();

/**
 * Folds a title (or any guide text) to the form rules and episode keys compare. Exactly, in order:
 *  1. lower case (String.prototype.toLowerCase, locale-independent);
 *  2. an apostrophe (' ‘ ’ ʼ ` ´) or a period between two letters/digits is removed, joining them:
 *     "Grey's" = "Greys", "S.H.I.E.L.D." = "SHIELD", "9.1.1" = "911";
 *  3. NFKD, then every combining mark is removed: "Café" = "Cafe", "ﬁ" = "fi", fullwidth = ASCII
 *     (letters that do not decompose stay: ø, æ, ł, đ; other scripts' combining marks go too, e.g.
 *     Japanese voicing marks, which is lenient but the same on both sides of a comparison);
 *  4. "ß" becomes "ss" (as Unicode case folding does);
 *  5. "&" becomes " and " ("Law & Order" = "Law and Order"; in every language);
 *  6. every run of characters that are not letters or digits (punctuation, symbols, spacing, emoji)
 *     becomes one space, and the result is trimmed.
 * Leading articles are kept ("The Office" ≠ "Office"): predictable beats clever. May return "" (a title
 * of only punctuation); callers that compare fall back to the raw text then.
 */
export function normalizeTitle(s: string): string {
  const cacheable = s.length <= CACHE_MAX_LENGTH;
  if (cacheable) {
    const hit = cache.get(s);
    if (hit !== undefined) return hit;
  }
  let t = s.toLowerCase().replace(JOINER, '');
  // Printable ASCII has nothing to decompose (most titles of most guides): skip the Unicode passes.
  if (!PRINTABLE_ASCII.test(t)) t = t.normalize('NFKD').replace(MARKS, '').replace(/ß/g, 'ss');
  t = t.replace(/&/g, ' and ').replace(NOT_WORD, ' ').trim();
  if (cacheable) {
    if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
    cache.set(s, t);
  }
  return t;
}

/** normalizeTitle, or the trimmed lower-cased text when that leaves nothing ("???" stays "???"). */
export function foldText(s: string): string {
  return normalizeTitle(s) || s.trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------------
// Hashing

const FNV_PRIME_LOW = 0x1b3; // the 64-bit FNV prime is 2^40 + 0x1b3

/**
 * FNV-1a 64 of the string's UTF-8 bytes, as 16 hex digits (the standard function: "" gives
 * cbf29ce484222325, "a" af63dc4c8601ec8c). Stable across runs, versions and machines, which stored keys
 * need; no node:crypto so this module stays pure and cheap. Computed on two 32-bit halves: multiplying
 * by 2^40 + 0x1b3 is lo*0x1b3 (exact in a double: < 2^41) plus lo shifted into the high half.
 */
export function fnv1a64(s: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const step = (byte: number): void => {
    lo = (lo ^ byte) >>> 0;
    const product = lo * FNV_PRIME_LOW;
    const carry = Math.floor(product / 0x1_0000_0000);
    hi = (Math.imul(hi, FNV_PRIME_LOW) + carry + (lo << 8)) >>> 0;
    lo = product >>> 0;
  };
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) step(c);
    else if (c < 0x800) {
      step(0xc0 | (c >> 6));
      step(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      // A lone surrogate is encoded as its own three bytes (WTF-8); guides do not send them.
      step(0xe0 | (c >> 12));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    } else {
      step(0xf0 | (c >> 18));
      step(0x80 | ((c >> 12) & 0x3f));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    }
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------------
// Programme ids

/**
 * A Schedules Direct / Gracenote (TMS) programme id, as XMLTV's dd_progid carries it: two letters, the
 * series root (8 digits) and a 4-digit episode part, with or without a dot before it
 * ("EP01234567.0001" or "EP012345670001"; grabbers differ, so both forms compare equal).
 */
const SD_PROGRAM_ID = /^([A-Z]{2})(\d{8,10})\.?(\d{4})$/;
/** Any other id whose last part is ".0000": by the same convention, a series, not an episode. */
const SERIES_SUFFIX = /\.0+$/;

/**
 * The episode identity in a guide's programme id, or null when it names no single episode.
 * Schedules Direct's prefixes: EP an episode of a series (episode part 0001..9999; 0000 is the series
 * itself), SH a show without episodes (news, talk; always the whole show), MV a movie (its id ends in
 * 0000 but names that one film, so it IS an identity), SP a sports event. We take EP (not 0000) and MV.
 * SH and EP…0000 name a series, not an episode (MythTV calls these "generic" and does not duplicate-check
 * them either). SP is left out on purpose: we could not confirm that every SP id names a single event,
 * and a wrong identity loses recordings (the sub-title and description layers still apply). Unknown
 * prefixes follow the 0000 rule. Ids of other shapes (a provider's own ids, CRIDs) are opaque: taken
 * as they are (trimmed, case kept), except those ending in ".0000".
 */
export function programmeIdentity(uid: string | null): string | null {
  if (uid === null) return null;
  const id = uid.trim();
  if (id.length === 0) return null;
  const sd = SD_PROGRAM_ID.exec(id.toUpperCase());
  if (sd !== null) {
    const [, kind = '', root = '', part = ''] = sd;
    if (kind === 'SH' || kind === 'SP') return null;
    if (kind !== 'MV' && Number(part) === 0) return null;
    return `${kind}${root}${part}`;
  }
  return SERIES_SUFFIX.test(id) ? null : id;
}

// ---------------------------------------------------------------------------------------------------
// Keys

/** What episodeKeys reads; ProgrammeAiring and ProgrammeRef both have it. */
export interface EpisodeFields {
  title: string;
  subTitle: string | null;
  description: string | null;
  season: number | null;
  episode: number | null;
  uid: string | null;
}

/** Shorter normalised descriptions ("Nachrichten.", "Followed by the weather.") are no episode's own. */
export const MIN_DESCRIPTION_LENGTH = 40;

/**
 * The layers of a programme's identity (see EpisodeKeys), each null when the programme lacks it:
 *  - uid: `uid:<id>` from programmeIdentity (not tied to the title: the id is global);
 *  - episode: `se:<title>:<season>:<episode>` when both numbers are given. An episode number without
 *    a season is ambiguous (some guides restart it every season, others count from the first episode),
 *    so it becomes `se:<title>:-:<episode>` (never equal to a key with a season) and only when the
 *    programme has no usable sub-title, which then identifies it better;
 *  - subTitle: `sub:<title>:<sub-title>`, both normalised, when the sub-title is not empty and is not
 *    just the title again (guides that repeat the title there say nothing about the episode);
 *  - description: `desc:<title>:<FNV-1a 64 of the normalised description>` when that is at least
 *    MIN_DESCRIPTION_LENGTH characters.
 * Titles are normalizeTitle'd (foldText: raw when that leaves nothing), so the same episode under
 * "Law & Order" and "LAW AND ORDER" has the same keys.
 */
export function episodeKeys(p: EpisodeFields): EpisodeKeys {
  const title = foldText(p.title);
  const id = programmeIdentity(p.uid);

  let subTitle: string | null = null;
  if (p.subTitle !== null) {
    const sub = normalizeTitle(p.subTitle);
    if (sub.length > 0 && sub !== normalizeTitle(p.title)) subTitle = `sub:${title}:${sub}`;
  }

  let episode: string | null = null;
  if (isNumber(p.episode)) {
    if (isNumber(p.season)) episode = `se:${title}:${p.season}:${p.episode}`;
    else if (subTitle === null) episode = `se:${title}:-:${p.episode}`;
  }

  let description: string | null = null;
  if (p.description !== null) {
    const text = normalizeTitle(p.description);
    if (text.length >= MIN_DESCRIPTION_LENGTH) description = `desc:${title}:${fnv1a64(text)}`;
  }

  return { uid: id === null ? null : `uid:${id}`, episode, subTitle, description };
}

function isNumber(n: number | null): n is number {
  return n !== null && Number.isFinite(n);
}

const LAYERS = ['uid', 'episode', 'subTitle', 'description'] as const;

/**
 * The same episode? The strongest layer both have decides, equal or not: two different ids are two
 * episodes even if their descriptions match (a guide reuses a series blurb). No shared layer: false, so a
 * programme without identity (news, sport) is never anyone's duplicate.
 */
export function sameEpisode(a: EpisodeKeys, b: EpisodeKeys): boolean {
  for (const layer of LAYERS) {
    const x = a[layer];
    const y = b[layer];
    if (x !== null && y !== null) return x === y;
  }
  return false;
}

/** Has at least one layer: something `dedupe: 'episode'` can compare. */
export function hasIdentity(k: EpisodeKeys): boolean {
  return k.uid !== null || k.episode !== null || k.subTitle !== null || k.description !== null;
}
