// The library part of the settings (settings.library): how finished recordings are named under the
// recordings folder and which files are written beside them. Pure TypeScript and zod; the defaults are
// the layout Plex, Jellyfin, Emby and Kodi recognise (docs/library.md).
import { z } from 'zod';
import { templateProblem } from './naming-template';

/** The files a finished recording may get beside it, each switched on or off. */
export const SIDECARS = ['nfo', 'image', 'strm', 'healthJson'] as const;
export type Sidecar = (typeof SIDECARS)[number];

export const SidecarSwitches = z
  .object({ nfo: z.boolean(), image: z.boolean(), strm: z.boolean(), healthJson: z.boolean() })
  .strict();
export type SidecarSwitches = z.output<typeof SidecarSwitches>;

const template = z
  .string()
  .max(1000)
  .superRefine((value, ctx) => {
    const problem = templateProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A template per kind of programme; a recording without guide data keeps `<Title>/<Title> (date time)`. */
export const NamingTemplates = z.object({ series: template, episode: template, movie: template }).strict();
export type NamingTemplates = z.output<typeof NamingTemplates>;

/** Where media servers on other machines reach this Tapedeck: http(s)://host[:port][/path], no query. */
export const strmBaseUrl = z
  .string()
  .trim()
  .max(500)
  .refine(
    (value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.username === '' &&
        url.password === '' &&
        url.search === '' &&
        url.hash === ''
      );
    },
    { message: 'give an http(s) address such as http://nas.local:8080 (no user:password@, ? or #)' },
  )
  .transform((value) => value.replace(/\/+$/, ''));

export const LibrarySettings = z
  .object({ naming: NamingTemplates, sidecars: SidecarSwitches, strmBaseUrl: strmBaseUrl.nullable() })
  .strict();
export type LibrarySettings = z.output<typeof LibrarySettings>;

/** What settings.update takes for `library`: any part; templates and switches merge one by one. */
export const LibrarySettingsUpdate = z
  .object({
    naming: NamingTemplates.partial(),
    sidecars: SidecarSwitches.partial(),
    strmBaseUrl: strmBaseUrl.nullable(),
  })
  .partial()
  .strict();
export type LibrarySettingsUpdate = z.input<typeof LibrarySettingsUpdate>;

export const LIBRARY_DEFAULTS = {
  naming: {
    series: '{show}/Season {season:02}/{show} - S{season:02}E{episode:02}[ - {subTitle}]',
    episode: '{show}/{show} - {date} {time}[ - {subTitle}]',
    movie: 'Movies/{title}[ ({year})]/{title}[ ({year})]',
  },
  sidecars: { nfo: true, image: true, strm: false, healthJson: false },
  strmBaseUrl: null,
} as const satisfies LibrarySettings;

/** A rule's own library choices (rules.library): sidecars it turns on or off, and film naming. */
export const RuleLibraryInput = z
  .object({
    sidecars: SidecarSwitches.partial().optional(),
    /** true: always named as a film; false: never; left out: films by the programme's category. */
    film: z.boolean().optional(),
  })
  .strict();
export type RuleLibrary = z.output<typeof RuleLibraryInput>;
