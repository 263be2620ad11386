// Episode numbering in XMLTV <episode-num>.
//
// xmltv_ns is "season.episode.part", each zero-based, each optionally
// "n/total", any part may be empty (". 4 ." = episode 5 of an unknown
// season) and whitespace is allowed anywhere. onscreen is free text; we
// recognise the common "S01E05", "S1 E5", "S01.E05", "1x05",
// "Season 1 Episode 5" and a bare "E5"/"Ep. 5"/"Episode 5".

export interface SeasonEpisode {
  /** One-based season, null if unknown. */
  season: number | null;
  /** One-based episode, null if unknown. */
  episode: number | null;
}

/**
 * Hand-rolled scanner (this runs for most programmes of a big guide; split +
 * regex per part was a visible share of the parse time).
 */
export function parseXmltvNs(value: string): SeasonEpisode {
  // Fewer than two parts ("3") is not xmltv_ns.
  if (value.indexOf('.') < 0) return { season: null, episode: null };
  let season: number | null = null;
  let episode: number | null = null;
  let part = 0; // 0 = season, 1 = episode, 2 = part
  let num = -1; // digits of the current part, -1 = none yet
  let bad = false; // non-digit before any "/": the part is unusable
  let afterSlash = false;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : 46; // virtual final '.'
    if (c === 46 /* . */) {
      const v = bad || num < 0 ? null : num + 1;
      if (part === 0) season = v;
      else if (part === 1) {
        episode = v;
        break;
      }
      part++;
      num = -1;
      bad = false;
      afterSlash = false;
    } else if (afterSlash || c === 32 || c === 9) {
      // "/total" and whitespace do not change the number
    } else if (c === 47 /* / */) {
      afterSlash = true;
    } else if (c >= 48 && c <= 57) {
      num = num < 0 ? c - 48 : num * 10 + (c - 48);
      if (num > 999_999) bad = true;
    } else {
      bad = true;
    }
  }
  return { season, episode };
}

const ONSCREEN: { re: RegExp; season: number; episode: number }[] = [
  {
    re: /\bS(?:eason)?\s*\.?\s*(\d{1,4})\s*[-.,:/]?\s*E(?:p(?:isode)?)?\s*\.?\s*(\d{1,5})\b/i,
    season: 1,
    episode: 2,
  },
  { re: /\b(\d{1,3})\s*x\s*(\d{1,4})\b/i, season: 1, episode: 2 },
  { re: /\bSeason\s+(\d{1,4})\b.*?\bEpisode\s+(\d{1,5})\b/i, season: 1, episode: 2 },
];
const EPISODE_ONLY = /^\s*(?:E|Ep\.?|Episode)\s*(\d{1,5})\b/i;

export function parseOnscreen(value: string): SeasonEpisode {
  for (const { re, season, episode } of ONSCREEN) {
    const m = re.exec(value);
    if (m) return { season: Number(m[season]), episode: Number(m[episode]) };
  }
  const e = EPISODE_ONLY.exec(value);
  if (e) return { season: null, episode: Number(e[1]) };
  return { season: null, episode: null };
}
