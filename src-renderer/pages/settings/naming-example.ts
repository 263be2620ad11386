// A live example of what a naming template gives, rendered by the template code the core uses
// (src-shared/naming-template.ts), with one made-up programme per kind. The core also sanitises each
// part for the file system; these values need none of it, so the example is what the disk gets.
import { parseTemplate, renderTemplate, type TemplateValues } from '../../../src-shared/naming-template';

export type NamingKind = 'series' | 'episode' | 'movie' | 'plain';

/** The plain name is fixed (recordings without guide data): shown, not edited. */
export const PLAIN_TEMPLATE = '{title}/{title} ({date} {time})';

export const EXAMPLE_VALUES: Record<NamingKind, TemplateValues> = {
  series: {
    show: 'Doctor Who',
    title: 'Doctor Who',
    subTitle: 'The Star Beast',
    season: 1,
    episode: 2,
    year: 2023,
    date: '2026-11-25',
    time: '18.00',
    channel: 'BBC One',
  },
  episode: {
    show: 'News',
    title: 'News',
    subTitle: 'Late',
    date: '2026-11-26',
    time: '18.00',
    channel: 'BBC One',
  },
  movie: { title: 'Heat', show: 'Heat', year: 1995, date: '2026-11-27', time: '21.00', channel: 'Film4' },
  plain: { title: 'Radio Show', date: '2026-11-26', time: '18.00' },
};

/** The example's path under the recordings folder, or null when the template does not parse. */
export function exampleName(kind: NamingKind, template: string, extension: string): string | null {
  try {
    const parts = renderTemplate(parseTemplate(template), EXAMPLE_VALUES[kind]).map((p) => p || 'Recording');
    return `${parts.join('/')}.${extension}`;
  } catch {
    return null;
  }
}
