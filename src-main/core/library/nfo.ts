// Kodi-style NFO files (read by Kodi, Jellyfin and Emby) from a recording's guide metadata:
// `episodedetails` beside an episode, `tvshow` once in the show's folder, `movie` beside a film.
import type { Recording } from '../../../src-shared/domain';
import type { TemplateValues } from '../../../src-shared/naming-template';
import { xmlDocument, type XmlElement } from './xml';

type NfoRecording = Pick<
  Recording,
  'title' | 'programme' | 'channelName' | 'durationMs' | 'actualEndAt' | 'updatedAt'
>;

const text = (name: string, value: string | number | null | undefined): XmlElement => ({ name, text: value });

function common(r: NfoRecording): XmlElement[] {
  const p = r.programme;
  return [
    text('plot', p?.description),
    ...(p?.categories ?? []).map((c) => text('genre', c)),
    text('studio', r.channelName),
    text('runtime', r.durationMs ? Math.max(1, Math.round(r.durationMs / 60_000)) : null),
  ];
}

/** "YYYY-MM-DD HH:MM:SS", Kodi's dateadded, from the values' date and time. */
function dateAdded(values: TemplateValues): string | null {
  return values.date && values.time ? `${values.date} ${String(values.time).replace('.', ':')}:00` : null;
}

/** An episode (with or without numbers): title is the episode's, showtitle the show's. */
export function episodeNfo(r: NfoRecording, values: TemplateValues): string {
  return xmlDocument({
    name: 'episodedetails',
    children: [
      text('title', values.subTitle ?? `${values.show} ${values.date} ${values.time}`),
      text('showtitle', values.show),
      text('season', values.season),
      text('episode', values.episode),
      text('aired', values.date),
      ...common(r),
      text('dateadded', dateAdded(values)),
    ],
  });
}

/** The show, written once in its folder (its genres and channel from the first episode recorded). */
export function tvShowNfo(r: NfoRecording, values: TemplateValues): string {
  return xmlDocument({
    name: 'tvshow',
    children: [
      text('title', values.show),
      ...(r.programme?.categories ?? []).map((c) => text('genre', c)),
      text('studio', r.channelName),
    ],
  });
}

export function movieNfo(r: NfoRecording, values: TemplateValues): string {
  return xmlDocument({
    name: 'movie',
    children: [
      text('title', values.title),
      text('year', values.year),
      ...common(r),
      text('dateadded', dateAdded(values)),
    ],
  });
}
