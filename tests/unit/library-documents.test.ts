// The documents the library writes, parsed back as a reader would: NFO files and the XMLTV for TV apps by
// a strict XML parser (saxes), the M3U line by line, the template language's refusals, imported file
// names, and atomic writes that leave nothing half-written or hidden behind.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileOnce } from '../../src-main/core/library/atomic-write';
import { parseFileName } from '../../src-main/core/library/file-name-parse';
import { namingKind, templateValues } from '../../src-main/core/library/library-path';
import { episodeNfo, movieNfo, tvShowNfo } from '../../src-main/core/library/nfo';
import { buildM3u, buildXmltv } from '../../src-main/core/library/tv-playlist';
import type { Recording } from '../../src-shared/domain';
import type { ProgrammeRef } from '../../src-shared/domain-rules';
import { parseTemplate, renderTemplate, templateProblem } from '../../src-shared/naming-template';
import { tempDir } from '../support/temp-dvr';
import { childrenNamed, childText, parseXml } from '../support/xml-tree';

const START = Date.UTC(2026, 10, 26, 18, 0);
const HOSTILE = 'Tom & Jerry </title><script>x</script> "quoted" \u0001\u0008 \ud800 \uffff end';

function programme(over: Partial<ProgrammeRef> = {}): ProgrammeRef {
  return {
    guideId: 1,
    xmltvChannelId: 'one',
    start: START,
    stop: START + 3_600_000,
    title: 'Doctor Who',
    subTitle: 'The Star Beast',
    description: 'The Doctor returns.',
    categories: ['Drama', 'Sci-Fi'],
    season: 1,
    episode: 2,
    episodeNum: null,
    uid: null,
    icon: null,
    isNew: true,
    previouslyShown: false,
    premiere: false,
    ...over,
  };
}

function recording(id: number, p: ProgrammeRef | null, over: Partial<Recording> = {}): Recording {
  return {
    id,
    title: p?.title ?? 'Plain',
    programme: p,
    channelName: 'BBC One',
    startAt: START,
    endAt: START + 3_600_000,
    durationMs: 3_540_000,
    actualStartAt: START,
    actualEndAt: START + 3_540_000,
    outputPath: `/rec/${id}.ts`,
    updatedAt: START,
    ...over,
  } as Recording;
}

const values = (r: Recording) => templateValues(r, namingKind(r), 'UTC');

describe('NFO files', () => {
  it('episodedetails: valid XML with title, show, season, episode, aired, plot, genres, studio, runtime', () => {
    const r = recording(1, programme());
    const doc = parseXml(episodeNfo(r, values(r)));
    expect(doc.name).toBe('episodedetails');
    expect(childText(doc, 'title')).toBe('The Star Beast');
    expect(childText(doc, 'showtitle')).toBe('Doctor Who');
    expect(childText(doc, 'season')).toBe('1');
    expect(childText(doc, 'episode')).toBe('2');
    expect(childText(doc, 'aired')).toBe('2026-11-26');
    expect(childText(doc, 'plot')).toBe('The Doctor returns.');
    expect(childrenNamed(doc, 'genre').map((g) => g.text)).toEqual(['Drama', 'Sci-Fi']);
    expect(childText(doc, 'studio')).toBe('BBC One');
    expect(childText(doc, 'runtime')).toBe('59');
    expect(childText(doc, 'dateadded')).toBe('2026-11-26 18:00:00');
  });

  it('tvshow and movie documents', () => {
    const r = recording(1, programme());
    const show = parseXml(tvShowNfo(r, values(r)));
    expect(show.name).toBe('tvshow');
    expect(childText(show, 'title')).toBe('Doctor Who');
    const film = recording(
      2,
      programme({ title: 'Heat (1995)', categories: ['Movie'], season: null, episode: null }),
    );
    const movie = parseXml(movieNfo(film, values(film)));
    expect(movie.name).toBe('movie');
    expect(childText(movie, 'title')).toBe('Heat');
    expect(childText(movie, 'year')).toBe('1995');
    expect(childText(movie, 'season')).toBeUndefined();
  });

  it('a hostile title and description stay text: the document parses, no element is added', () => {
    const r = recording(1, programme({ title: HOSTILE, subTitle: HOSTILE, description: HOSTILE }));
    const xml = episodeNfo(r, values(r));
    const doc = parseXml(xml);
    expect(doc.children.map((c) => c.name)).not.toContain('script');
    expect(childText(doc, 'showtitle')).toBe('Tom & Jerry </title><script>x</script> "quoted"    end');
    expect(childText(doc, 'plot')).toContain('<script>');
  });

  it('leaves out what the guide does not give (no empty <season />)', () => {
    const r = recording(1, programme({ season: null, episode: null, description: null, categories: [] }));
    const doc = parseXml(episodeNfo(r, values(r)));
    expect(doc.children.map((c) => c.name)).toEqual([
      'title',
      'showtitle',
      'aired',
      'studio',
      'runtime',
      'dateadded',
    ]);
  });
});

describe('the playlist for TV apps', () => {
  const entries = [
    { recording: recording(7, programme()), imagePath: '/media/recordings/7/image.jpg' },
    {
      recording: recording(8, programme({ title: 'News', season: null, episode: null, subTitle: null })),
      imagePath: null,
    },
    {
      recording: recording(
        9,
        programme({ title: 'Heat (1995)', categories: ['Film'], season: null, episode: null }),
      ),
      imagePath: null,
    },
    {
      recording: recording(10, null, { title: 'Line\nbreak "quote"', outputPath: '/rec/x.mkv' }),
      imagePath: null,
    },
  ];
  const options = { base: 'http://nas.local:8080', token: 'media-tok', zone: 'UTC' };

  it('M3U: a header naming the XMLTV, one #EXTINF and one URL per recording, all with the token', () => {
    const lines = buildM3u(entries, options).trimEnd().split('\n');
    expect(lines[0]).toBe(
      '#EXTM3U url-tvg="http://nas.local:8080/media/library.xml?token=media-tok" x-tvg-url="http://nas.local:8080/media/library.xml?token=media-tok"',
    );
    expect(lines).toHaveLength(1 + 2 * entries.length);
    expect(lines[1]).toBe(
      '#EXTINF:3540 tvg-id="rec-7" tvg-name="Doctor Who - S01E02 - The Star Beast" tvg-logo="http://nas.local:8080/media/recordings/7/image.jpg?token=media-tok" group-title="Doctor Who",Doctor Who - S01E02 - The Star Beast',
    );
    expect(lines[2]).toBe('http://nas.local:8080/media/recordings/7/file.ts?token=media-tok');
    expect(lines[3]).toContain('group-title="News",News - 2026-11-26 18.00');
    expect(lines[5]).toContain('group-title="Movies",Heat (1995)');
    // A title cannot end the attribute or start a line of its own.
    expect(lines[7]).toBe(
      `#EXTINF:3540 tvg-id="rec-10" tvg-name="Line break 'quote' - 2026-11-26 18.00" group-title="Recordings",Line break "quote" - 2026-11-26 18.00`,
    );
    expect(lines[8]).toBe('http://nas.local:8080/media/recordings/10/file.mkv?token=media-tok');
  });

  it('XMLTV: valid XML, a channel and a programme per recording with title, episode, description, image', () => {
    const doc = parseXml(buildXmltv(entries, options));
    expect(doc.name).toBe('tv');
    expect(childrenNamed(doc, 'channel').map((c) => c.attrs.id)).toEqual([
      'rec-7',
      'rec-8',
      'rec-9',
      'rec-10',
    ]);
    const first = childrenNamed(doc, 'programme')[0]!;
    expect(first.attrs).toMatchObject({
      start: '20261126180000 +0000',
      stop: '20261126185900 +0000',
      channel: 'rec-7',
    });
    expect(childText(first, 'title')).toBe('Doctor Who');
    expect(childText(first, 'sub-title')).toBe('The Star Beast');
    expect(childText(first, 'desc')).toBe('The Doctor returns.');
    expect(childrenNamed(first, 'episode-num').map((e) => [e.attrs.system, e.text])).toEqual([
      ['xmltv_ns', '0.1.'],
      ['onscreen', 'S01E02'],
    ]);
    expect(childrenNamed(first, 'icon')[0]!.attrs.src).toBe(
      'http://nas.local:8080/media/recordings/7/image.jpg?token=media-tok',
    );
    const film = childrenNamed(doc, 'programme')[2]!;
    expect([childText(film, 'title'), childText(film, 'date')]).toEqual(['Heat', '1995']);
  });

  it('an empty library is still a valid playlist and guide', () => {
    expect(buildM3u([], options).split('\n').filter(Boolean)).toHaveLength(1);
    expect(parseXml(buildXmltv([], options)).children).toEqual([]);
  });
});

describe('the template language', () => {
  it.each([
    ['', /empty/],
    ['/abs/{title}', /absolute/],
    ['C:/x/{title}', /absolute/],
    ['~/x/{title}', /absolute/],
    ['../{title}', /\.\. are refused/],
    ['{show}/./{title}', /\. and \.\. are refused/],
    ['a\\{title}', /use \//],
    ['{show}//{title}', /empty folder/],
    ['{show}/', /ends with a \//],
    ['{show}/plain', /at least one \{field\}/],
    ['{nope}', /unknown field \{nope\}/],
    ['{title:02}', /only season, episode and year take a width/],
    ['[a [{title}]]', /cannot be nested/],
    ['[plain]{title}', /must hold a \{field\}/],
    ['{title', /a \{ without its \}/],
    ['a/b/c/d/e/f/{title}', /more than 6 folder levels/],
    ['{title}\u0000', /control character/],
  ])('%j is refused', (template, message) => {
    expect(templateProblem(template)).toMatch(message);
  });

  it('escapes, widths and optional parts render as documented', () => {
    const parsed = parseTemplate('{{{show}}}/[[S{season:02}]] [({year})]{title}');
    expect(renderTemplate(parsed, { show: 'A', season: 3, title: 'T', year: null })).toEqual([
      '{A}',
      '[S03] T',
    ]);
    expect(parsed.showFolder).toBe(0);
    expect(parseTemplate('{show} - {date}/{title}').showFolder).toBeNull();
  });
});

describe('imported file names', () => {
  it.each([
    [
      'Doctor Who - S01E02 - The Star Beast',
      { title: 'Doctor Who', season: 1, episode: 2, subTitle: 'The Star Beast' },
    ],
    [
      'Doctor.Who.S01E02.The.Star.Beast',
      { title: 'Doctor Who', season: 1, episode: 2, subTitle: 'The Star Beast' },
    ],
    ['Show S1E2', { title: 'Show', season: 1, episode: 2, subTitle: null }],
    ['News - 2026-11-26 18.00 - Late', { title: 'News', subTitle: 'Late', startAt: START }],
    ['Radio Show (2026-11-26 18.00)', { title: 'Radio Show', startAt: START }],
    ['Heat (1995) (2)', { title: 'Heat', year: 1995 }],
    ['some_home_video', { title: 'some home video', season: null, year: null, startAt: null }],
  ])('%j', (stem, expected) => {
    expect(parseFileName(stem, 'UTC')).toMatchObject(expected);
  });
});

describe('atomic writes', () => {
  it('replaces a file whole and leaves no temporary file; writeFileOnce never replaces', async () => {
    const dir = tempDir('tapedeck-atomic-');
    const file = path.join(dir, 'Show - S01E02.nfo');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    const show = path.join(dir, 'tvshow.nfo');
    expect(await writeFileOnce(show, 'mine')).toBe(true);
    expect(await writeFileOnce(show, 'theirs')).toBe(false);
    expect(readFileSync(show, 'utf8')).toBe('mine');
    expect(readdirSync(dir).sort()).toEqual(['Show - S01E02.nfo', 'tvshow.nfo']);
    // A write that fails (the target is a folder that is not empty) leaves no temporary file behind.
    mkdirSync(path.join(dir, 'busy', 'inner'), { recursive: true });
    await expect(writeFileAtomic(path.join(dir, 'busy'), 'x')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['Show - S01E02.nfo', 'busy', 'tvshow.nfo']);
  });
});
