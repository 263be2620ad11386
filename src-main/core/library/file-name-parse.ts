// What an imported file's name says about it: the layouts media servers use and Tapedeck writes.
//   Show - S01E02 - Episode Title      Show.S01E02.Episode.Title      Show S1E2
//   Show - 2026-11-26 18.00 - Episode Title                           (Tapedeck's episodes without numbers)
//   Title (2026-11-26 18.00)                                          (Tapedeck's plain recordings)
//   Title (1999)                                                      (a film)
// A " (2)" collision suffix is dropped. Anything else is a title as it is (dots and underscores as
// spaces when the name has no spaces, as release names do).
import { DateTime } from 'luxon';

export interface ParsedFileName {
  title: string;
  subTitle: string | null;
  season: number | null;
  episode: number | null;
  year: number | null;
  /** The date and time the name gives, in `zone`; null when it gives none. */
  startAt: number | null;
}

const SXXEYY = /^(.+?)[\s._-]+s(\d{1,3})[\s._-]?e(\d{1,4})(?:[\s._-]+(.*))?$/i;
const DATED = /^(.+?) - (\d{4}-\d{2}-\d{2})(?: (\d{2})[.:](\d{2}))?(?: - (.+))?$/;
const PLAIN = /^(.+?) \((\d{4}-\d{2}-\d{2}) (\d{2})[.:](\d{2})\)$/;
const FILM = /^(.+?) \(((?:19|20)\d{2})\)$/;

export function parseFileName(stem: string, zone: string): ParsedFileName {
  const name = stem
    .normalize('NFC')
    .replace(/ \(\d{1,3}\)$/, '')
    .trim();
  const none = { subTitle: null, season: null, episode: null, year: null, startAt: null };
  const se = SXXEYY.exec(name);
  if (se) {
    return {
      ...none,
      title: readable(se[1]!),
      season: Number(se[2]),
      episode: Number(se[3]),
      subTitle: se[4] ? readable(se[4]).replace(/^-\s*/, '') || null : null,
    };
  }
  const dated = DATED.exec(name);
  if (dated) {
    return {
      ...none,
      title: dated[1]!.trim(),
      subTitle: dated[5]?.trim() || null,
      startAt: at(dated[2]!, dated[3], dated[4], zone),
    };
  }
  const plain = PLAIN.exec(name);
  if (plain) return { ...none, title: plain[1]!.trim(), startAt: at(plain[2]!, plain[3], plain[4], zone) };
  const film = FILM.exec(name);
  if (film) return { ...none, title: film[1]!.trim(), year: Number(film[2]) };
  return { ...none, title: readable(name) || 'Imported recording' };
}

/** "Show.Name_here" -> "Show Name here" (only when the name has no spaces of its own). */
function readable(text: string): string {
  const trimmed = text.trim();
  return (/\s/.test(trimmed) ? trimmed : trimmed.replace(/[._]+/g, ' ')).trim();
}

function at(date: string, hour: string | undefined, minute: string | undefined, zone: string): number | null {
  const parsed = DateTime.fromFormat(`${date} ${hour ?? '00'}:${minute ?? '00'}`, 'yyyy-MM-dd HH:mm', {
    zone,
  });
  return parsed.isValid ? parsed.toMillis() : null;
}
