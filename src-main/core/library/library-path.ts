// Where a finished recording goes: the naming template for its kind of programme (settings.library.naming),
// rendered from its guide metadata, every part sanitised, folders that differ only in case reused, and
// the whole path checked to stay inside the recordings folder.
//
//   series   guide season and episode numbers   Show/Season 01/Show - S01E02 - Episode Title.ts
//   episode  guide data without numbers         Show/Show - 2026-11-26 18.00 - Episode Title.ts
//   movie    category Movie/Film or rule flag   Movies/Title (Year)/Title (Year).ts
//   plain    no guide programme (URL, by time)  Title/Title (2026-11-26 18.00).ts   (as before)
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Recording } from '../../../src-shared/domain';
import {
  parseTemplate,
  renderTemplate,
  type ParsedTemplate,
  type TemplateValues,
} from '../../../src-shared/naming-template';
import type { NamingTemplates } from '../../../src-shared/settings-library';
import { caseFoldedDir, safeJoin, sanitizeName } from './naming';

export type NamingKind = 'series' | 'episode' | 'movie' | 'plain';

/** The layout of recordings made without guide data: what Tapedeck has always written. */
const PLAIN_TEMPLATE = '{title}/{title} ({date} {time})';

export type NamedRecording = Pick<Recording, 'title' | 'programme' | 'startAt' | 'channelName' | 'container'>;

/**
 * A category that names a film: "Movie", "Film", "Movies", "Feature film", alone or followed by a genre
 * after a separator ("Movie / Drama", the DVB form). "Film review" is not one.
 */
const FILM_CATEGORY = /^\s*(movies?|films?|feature films?|motion pictures?)\s*([/,:|-].*)?$/i;

export function isFilmCategory(categories: readonly string[]): boolean {
  return categories.some((c) => FILM_CATEGORY.test(c));
}

/** Which template names this recording; `film` is its rule's flag (undefined: by category). */
export function namingKind(recording: NamedRecording, film?: boolean): NamingKind {
  const p = recording.programme;
  if (!p) return 'plain';
  if (film ?? isFilmCategory(p.categories)) return 'movie';
  return p.season !== null && p.episode !== null ? 'series' : 'episode';
}

/** A film's title and year: a year at the end of the title ("Heat (1995)") counts when none is given. */
export function filmTitle(
  title: string,
  year: number | null | undefined,
): { title: string; year: number | null } {
  if (year) return { title, year };
  const match = /^(.*\S)\s*\(((?:19|20)\d\d)\)$/.exec(title.trim());
  return match ? { title: match[1]!, year: Number(match[2]) } : { title, year: null };
}

/** The template fields of a recording; dates and times in `zone` (the user's, else this computer's). */
export function templateValues(recording: NamedRecording, kind: NamingKind, zone: string): TemplateValues {
  const p = recording.programme;
  let at = DateTime.fromMillis(recording.startAt, { zone });
  if (!at.isValid) at = DateTime.fromMillis(recording.startAt);
  const film = kind === 'movie' ? filmTitle(recording.title, p?.year) : null;
  return {
    show: p?.title ?? recording.title,
    title: film?.title ?? recording.title,
    subTitle: p?.subTitle ?? null,
    season: p?.season ?? null,
    episode: p?.episode ?? null,
    year: film?.year ?? p?.year ?? null,
    date: at.toFormat('yyyy-MM-dd'),
    time: at.toFormat('HH.mm'),
    channel: recording.channelName,
  };
}

export interface LibraryPath {
  /** The wanted file (the finalize may add " (2)" when it is taken). */
  file: string;
  kind: NamingKind;
  /** The show's folder (tvshow.nfo goes there); null for films, plain recordings and flat templates. */
  showDir: string | null;
}

/**
 * The path a recording should get. Each rendered part is sanitised (sanitizeName); existing folders are
 * reused whatever their case; nothing can leave `root` (safeJoin here, links checked by the finalize).
 */
export async function libraryPath(
  root: string,
  recording: NamedRecording,
  options: { naming: NamingTemplates; zone: string; film?: boolean },
): Promise<LibraryPath> {
  const kind = namingKind(recording, options.film);
  const template = kind === 'plain' ? PLAIN_TEMPLATE : options.naming[kind];
  let parsed: ParsedTemplate;
  try {
    parsed = parseTemplate(template);
  } catch {
    // Settings are validated when written; one that no longer parses falls back to the plain layout.
    parsed = parseTemplate(PLAIN_TEMPLATE);
  }
  const parts = renderTemplate(parsed, templateValues(recording, kind, options.zone)).map((part) =>
    sanitizeName(part),
  );
  const folders = parts.slice(0, -1);
  const dir = await caseFoldedDir(root, folders);
  const file = safeJoin(root, path.relative(root, dir), `${parts[parts.length - 1]}.${recording.container}`);
  const showDir =
    kind === 'movie' || kind === 'plain' || parsed.showFolder === null
      ? null
      : dirAtDepth(root, dir, parsed.showFolder);
  return { file, kind, showDir };
}

/** The folder `depth` levels below root on the way to `dir` (0: the first folder). */
function dirAtDepth(root: string, dir: string, depth: number): string {
  const parts = path.relative(path.resolve(root), dir).split(path.sep);
  return safeJoin(root, ...parts.slice(0, depth + 1));
}
