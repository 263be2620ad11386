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

/** Parses the number before an optional "/total" in one xmltv_ns part; null if empty or not a number. */
function nsPart(part: string | undefined): number | null {
  if (part === undefined) return null;
  const slash = part.indexOf('/');
  const num = (slash >= 0 ? part.slice(0, slash) : part).replace(/\s+/g, '');
  if (num.length === 0 || !/^\d{1,6}$/.test(num)) return null;
  return Number(num) + 1;
}

export function parseXmltvNs(value: string): SeasonEpisode {
  const parts = value.split('.');
  if (parts.length < 2) return { season: null, episode: null };
  return { season: nsPart(parts[0]), episode: nsPart(parts[1]) };
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
