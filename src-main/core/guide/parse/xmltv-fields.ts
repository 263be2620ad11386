// What each XMLTV child element sets on the channel or programme being built, and the checks a finished
// programme must pass. Pure functions over the item objects; the state machine is in xmltv-parser.ts.
import { parseOnscreen, parseXmltvNs } from './xmltv-episode';
import type { XmlAttrs } from './xml-attributes';
import type { XmltvChannel, XmltvProgramme } from './xmltv-types';

// What the element currently being captured feeds into.
export const F_NONE = 0;
export const F_TITLE = 1;
export const F_SUBTITLE = 2;
export const F_DESC = 3;
export const F_CATEGORY = 4;
export const F_EPNUM = 5;
export const F_RATING = 6;
export const F_DISPLAY_NAME = 7;
export const F_URL = 8;
/** Not a text field: a <rating>, whose <value> child is the F_RATING field. */
export const F_RATING_BLOCK = 9;

export function newProgramme(channel: string, start: number, stop: number | null): XmltvProgramme {
  return {
    channel,
    start,
    stop,
    title: '',
    titles: undefined,
    subTitle: null,
    desc: null,
    categories: [],
    episodeNum: {},
    season: null,
    episode: null,
    isNew: false,
    previouslyShown: false,
    premiere: false,
    icon: null,
    rating: null,
  };
}

/**
 * What a child element of a programme starts: a text field to capture (F_*), F_RATING_BLOCK, or
 * F_NONE; flags and the icon are set here at once. A field the programme already has is not
 * captured again (the first description wins), except titles and categories, which add up.
 */
export function programmeChild(
  p: XmltvProgramme,
  name: string,
  attrs: XmlAttrs,
  keep: (s: string) => string,
): number {
  switch (name) {
    case 'title':
      return F_TITLE;
    case 'desc':
      return p.desc === null ? F_DESC : F_NONE;
    case 'sub-title':
      return p.subTitle === null ? F_SUBTITLE : F_NONE;
    case 'category':
      return F_CATEGORY;
    case 'episode-num':
      return F_EPNUM;
    case 'icon':
      if (p.icon === null) p.icon = nonEmpty(attrs.get('src'), keep);
      return F_NONE;
    case 'new':
      p.isNew = true;
      return F_NONE;
    case 'previously-shown':
      p.previouslyShown = true;
      return F_NONE;
    case 'premiere':
      p.premiere = true;
      return F_NONE;
    case 'rating':
      return p.rating === null ? F_RATING_BLOCK : F_NONE;
    default:
      return F_NONE;
  }
}

/** The same for a child of a channel. */
export function channelChild(
  c: XmltvChannel,
  name: string,
  attrs: XmlAttrs,
  keep: (s: string) => string,
): number {
  if (name === 'display-name') return F_DISPLAY_NAME;
  if (name === 'url') return F_URL;
  if (name === 'icon' && c.icon === null) c.icon = nonEmpty(attrs.get('src'), keep);
  return F_NONE;
}

function nonEmpty(value: string | undefined, keep: (s: string) => string): string | null {
  return value === undefined || value.length === 0 ? null : keep(value);
}

/**
 * Stores a finished text field. The first title is `title`; when more follow (one per language), all
 * of them go to `titles`, so `titleLang` remembers the first one's language until then.
 */
export function setProgrammeField(
  p: XmltvProgramme,
  field: number,
  value: string,
  lang: string | null,
  system: string,
  titleLang: { first: string | null },
): void {
  switch (field) {
    case F_TITLE:
      if (p.title.length === 0) {
        p.title = value;
        titleLang.first = lang;
      } else {
        p.titles ??= [{ lang: titleLang.first, value: p.title }];
        p.titles.push({ lang, value });
      }
      break;
    case F_SUBTITLE:
      p.subTitle = value;
      break;
    case F_DESC:
      p.desc = value;
      break;
    case F_CATEGORY:
      p.categories.push(value);
      break;
    case F_EPNUM: {
      const kind = system.toLowerCase();
      if (kind === 'xmltv_ns') p.episodeNum.xmltvNs ??= value;
      else if (kind === 'onscreen' || kind === 'sxxexx') p.episodeNum.onscreen ??= value;
      // Schedules Direct / Zap2it programme ids: the strongest episode identity a guide can give.
      else if (kind === 'dd_progid') p.episodeNum.ddProgid ??= value.trim();
      break;
    }
    case F_RATING:
      p.rating ??= value;
      break;
  }
}

export function setChannelField(c: XmltvChannel, field: number, value: string): void {
  if (field === F_DISPLAY_NAME) c.displayNames.push(value);
  else if (field === F_URL) c.urls.push(value);
}

/**
 * Checks a closed programme and fills season/episode from its episode numbers (xmltv_ns first, the
 * on-screen form for what that left open). Returns what is missing ("channel, title"), or null.
 */
export function completeProgramme(p: XmltvProgramme): string | null {
  const missing: string[] = [];
  if (p.channel.length === 0) missing.push('channel');
  if (Number.isNaN(p.start)) missing.push('start');
  if (p.title.length === 0) missing.push('title');
  if (missing.length !== 0) return missing.join(', ');
  const { xmltvNs, onscreen } = p.episodeNum;
  if (xmltvNs !== undefined) {
    const se = parseXmltvNs(xmltvNs);
    p.season = se.season;
    p.episode = se.episode;
  }
  if (onscreen !== undefined && (p.season === null || p.episode === null)) {
    const se = parseOnscreen(onscreen);
    p.season ??= se.season;
    p.episode ??= se.episode;
  }
  return null;
}
