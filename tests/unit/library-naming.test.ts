// Where finished recordings go under the recordings folder (issue 12, item 1): the default templates
// media servers recognise, hostile titles (climbing, device names, emoji, 300 characters, control and
// bidi characters), folders differing only in case, collisions, and links. Real files in temp folders.
import { mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { libraryPath, type NamedRecording } from '../../src-main/core/library/library-path';
import {
  claimFreePath,
  ensureDirInside,
  releaseClaim,
  sanitizeName,
} from '../../src-main/core/library/naming';
import type { ProgrammeRef } from '../../src-shared/domain-rules';
import { LIBRARY_DEFAULTS } from '../../src-shared/settings-library';
import { tempDir } from '../support/temp-dvr';

const START = Date.UTC(2026, 10, 26, 18, 0);
const naming = LIBRARY_DEFAULTS.naming;
const opts = { naming, zone: 'UTC' };
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function programme(over: Partial<ProgrammeRef> = {}): ProgrammeRef {
  return {
    guideId: 1,
    xmltvChannelId: 'one.example',
    start: START,
    stop: START + 3_600_000,
    title: 'Doctor Who',
    subTitle: 'The Star Beast',
    description: null,
    categories: ['Drama'],
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

function rec(title: string, p: ProgrammeRef | null): NamedRecording {
  return { title, programme: p, startAt: START, channelName: 'BBC One', container: 'ts' };
}

let roots: string[] = [];
function root(): string {
  const dir = tempDir('tapedeck-naming-');
  roots.push(dir);
  return dir;
}
afterEach(() => {
  roots = [];
});

/** The path below root, as forward-slash parts. */
const rel = (r: string, file: string) => path.relative(r, file).split(path.sep).join('/');

describe('the default templates', () => {
  it('names a numbered episode Show/Season 01/Show - S01E02 - Episode Title', async () => {
    const r = root();
    const found = await libraryPath(r, rec('Doctor Who', programme()), opts);
    expect(rel(r, found.file)).toBe('Doctor Who/Season 01/Doctor Who - S01E02 - The Star Beast.ts');
    expect(found.kind).toBe('series');
    expect(found.showDir).toBe(path.join(r, 'Doctor Who'));
  });

  it('names an episode without numbers Show/Show - date time - Episode Title', async () => {
    const r = root();
    const found = await libraryPath(
      r,
      rec('News', programme({ title: 'News', season: null, episode: null, subTitle: 'Late' })),
      opts,
    );
    expect(rel(r, found.file)).toBe('News/News - 2026-11-26 18.00 - Late.ts');
    // No sub-title: the optional part goes away whole, leaving no dangling " - ".
    const bare = await libraryPath(
      r,
      rec('News', programme({ title: 'News', season: null, episode: null, subTitle: null })),
      opts,
    );
    expect(rel(r, bare.file)).toBe('News/News - 2026-11-26 18.00.ts');
  });

  it('names a film Movies/Title (Year)/Title (Year), the year from the programme or the title', async () => {
    const r = root();
    const film = await libraryPath(
      r,
      rec(
        'Heat',
        programme({ title: 'Heat', categories: ['Movie / Drama'], year: 1995, season: null, episode: null }),
      ),
      opts,
    );
    expect(rel(r, film.file)).toBe('Movies/Heat (1995)/Heat (1995).ts');
    expect(film.showDir).toBeNull();
    const fromTitle = await libraryPath(
      r,
      rec(
        'Alien (1979)',
        programme({ title: 'Alien (1979)', categories: ['Film'], season: null, episode: null }),
      ),
      opts,
    );
    expect(rel(r, fromTitle.file)).toBe('Movies/Alien (1979)/Alien (1979).ts');
    // A rule's film flag names it as a film whatever its category says.
    const flagged = await libraryPath(
      r,
      rec('Heat', programme({ title: 'Heat', categories: [], season: null, episode: null })),
      { ...opts, film: true },
    );
    expect(rel(r, flagged.file)).toBe('Movies/Heat/Heat.ts');
  });

  it('keeps the plain layout for recordings without guide data (URL recordings)', async () => {
    const r = root();
    const found = await libraryPath(r, rec('Radio Show', null), opts);
    expect(rel(r, found.file)).toBe('Radio Show/Radio Show (2026-11-26 18.00).ts');
    expect(found.kind).toBe('plain');
  });

  it('uses a custom template with every field, the date in the given zone', async () => {
    const r = root();
    const found = await libraryPath(r, rec('Doctor Who', programme()), {
      naming: {
        ...naming,
        series: '{channel}/{show}[ {year}][ {title}]/{date} {time} S{season:03}E{episode:1} {subTitle}',
      },
      zone: 'Europe/Berlin',
    });
    expect(rel(r, found.file)).toBe(
      'BBC One/Doctor Who Doctor Who/2026-11-26 19.00 S001E2 The Star Beast.ts',
    );
  });
});

describe('hostile titles', () => {
  it.each([
    ['../../etc', 'etc'],
    ['..', 'Recording'],
    ['/etc/passwd', 'etc passwd'],
    ['..\\..\\windows', 'windows'],
  ])('a show called %j stays inside the recordings folder', async (title, folder) => {
    const r = root();
    const found = await libraryPath(r, rec(title, programme({ title, subTitle: title })), opts);
    const parts = path.relative(r, found.file).split(path.sep);
    expect(parts).toHaveLength(3); // show, season, file: a title adds no level and climbs none
    expect(parts.every((p) => p !== '..' && p !== '.' && !p.startsWith('.'))).toBe(true);
    expect(parts[0]).toBe(folder);
    expect(found.file.startsWith(r + path.sep)).toBe(true);
  });

  it.each([
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['COM1', '_COM1'],
    ['LPT\u00b9', '_LPT\u00b9'],
    ['CONOUT$', '_CONOUT$'],
    ['Aux', '_Aux'],
    ['Console', 'Console'],
  ])('the Windows device name %j becomes %j', (title, expected) => {
    expect(sanitizeName(title)).toBe(expected);
  });

  it('a show called CON gets a folder Windows can open', async () => {
    const r = root();
    const found = await libraryPath(r, rec('CON', programme({ title: 'CON', subTitle: 'NUL' })), opts);
    expect(rel(r, found.file)).toBe('_CON/Season 01/CON - S01E02 - NUL.ts');
  });

  it('removes characters no file system takes, control and bidi characters, trailing dots and spaces', () => {
    expect(sanitizeName('a<b>c:d"e|f?g*h')).toBe('a b c d e f g h');
    expect(sanitizeName('Evil\u202Egnp.ts')).toBe('Evilgnp.ts');
    expect(sanitizeName('Line\u2028Break\u2029End')).toBe('Line Break End');
    expect(sanitizeName('\ufeffBOM')).toBe('BOM');
    expect(sanitizeName('lone \ud800 surrogate')).toBe('lone surrogate');
    expect(sanitizeName('dots and spaces. . .  ')).toBe('dots and spaces');
    expect(sanitizeName('\u0001\u0002')).toBe('Recording');
  });

  it('keeps emoji whole', async () => {
    const r = root();
    const title = '📺 Late Show 👨‍👩‍👧 ✨';
    const found = await libraryPath(r, rec(title, programme({ title, subTitle: '🎉' })), opts);
    expect(rel(r, found.file)).toBe(`${title}/Season 01/${title} - S01E02 - 🎉.ts`);
    mkdirSync(path.dirname(found.file), { recursive: true });
    writeFileSync(found.file, 'x');
    expect(readdirSync(path.dirname(found.file))).toEqual([path.basename(found.file)]);
  });

  it('cuts a 300-character name to 120 bytes between whole characters, and the file can be made', async () => {
    const r = root();
    for (const title of ['A'.repeat(300), 'é'.repeat(300), '👨‍👩‍👧'.repeat(300 / 8), '日本語'.repeat(100)]) {
      const found = await libraryPath(r, rec(title, programme({ title, subTitle: title })), opts);
      const parts = path.relative(r, found.file).split(path.sep);
      for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(120 + '.ts'.length);
      // A prefix of whole graphemes: no half emoji, no accent without its letter.
      const folder = parts[0]!;
      const graphemes = [...segmenter.segment(title)].map((s) => s.segment);
      const kept = [...segmenter.segment(folder)].map((s) => s.segment);
      expect(kept).toEqual(graphemes.slice(0, kept.length));
      expect(Buffer.byteLength(folder)).toBeGreaterThan(100);
      await ensureDirInside(r, path.dirname(found.file));
      writeFileSync(found.file, 'x');
      expect(readFileSync(found.file, 'utf8')).toBe('x');
    }
  });

  it('a value cannot add a folder level through a template field', async () => {
    const r = root();
    const found = await libraryPath(r, rec('A/B', programme({ title: 'A/B', subTitle: 'c/../../d' })), opts);
    expect(rel(r, found.file)).toBe('A B/Season 01/A B - S01E02 - c .. .. d.ts');
  });
});

describe('case, collisions and links', () => {
  it('reuses a folder that differs only in case (one show, not two)', async () => {
    const r = root();
    mkdirSync(path.join(r, 'Doctor Who', 'season 01'), { recursive: true });
    const found = await libraryPath(r, rec('DOCTOR WHO', programme({ title: 'DOCTOR WHO' })), opts);
    expect(rel(r, found.file)).toBe('Doctor Who/season 01/DOCTOR WHO - S01E02 - The Star Beast.ts');
    expect(found.showDir).toBe(path.join(r, 'Doctor Who'));
  });

  it('claims a suffixed name when a file of that name exists in any case, and never overwrites', async () => {
    const r = root();
    writeFileSync(path.join(r, 'Show - S01E02.ts'), 'first');
    const second = await claimFreePath(path.join(r, 'SHOW - s01e02.ts'));
    expect(path.basename(second)).toBe('SHOW - s01e02 (2).ts');
    const third = await claimFreePath(path.join(r, 'Show - S01E02.ts'));
    expect(path.basename(third)).toBe('Show - S01E02 (3).ts');
    expect(readFileSync(path.join(r, 'Show - S01E02.ts'), 'utf8')).toBe('first');
    // Claims taken at once all differ (each is an exclusive create).
    const together = await Promise.all(
      Array.from({ length: 6 }, () => claimFreePath(path.join(r, 'Same.ts'))),
    );
    expect(new Set(together).size).toBe(6);
    // A released claim goes; a real file is never released.
    await releaseClaim(together[0]!);
    await releaseClaim(path.join(r, 'Show - S01E02.ts'));
    expect(readdirSync(r)).not.toContain(path.basename(together[0]!));
    expect(readdirSync(r).filter((f) => f.startsWith('Same'))).toHaveLength(5);
    expect(readdirSync(r)).toContain('Show - S01E02.ts');
  });

  it('refuses a show folder that is a link out of the recordings folder', async () => {
    const r = root();
    const outside = root();
    symlinkSync(outside, path.join(r, 'Evil'));
    const found = await libraryPath(r, rec('Evil', programme({ title: 'Evil' })), opts);
    await expect(ensureDirInside(r, path.dirname(found.file))).rejects.toThrow(
      /^refusing to write outside the recordings folder: Evil is a link to /,
    );
    expect(readdirSync(outside)).toEqual([]);
  });

  it('works in a recordings folder reached through a link, and in a linked folder inside it', async () => {
    const real = root();
    const linked = path.join(root(), 'recordings');
    symlinkSync(real, linked);
    mkdirSync(path.join(real, 'Shows', 'Doctor Who'), { recursive: true });
    symlinkSync(path.join(real, 'Shows', 'Doctor Who'), path.join(real, 'Doctor Who'));
    const found = await libraryPath(linked, rec('Doctor Who', programme()), opts);
    await ensureDirInside(linked, path.dirname(found.file));
    writeFileSync(found.file, 'x');
    expect(realpathSync(found.file)).toBe(
      path.join(
        realpathSync(real),
        'Shows',
        'Doctor Who',
        'Season 01',
        'Doctor Who - S01E02 - The Star Beast.ts',
      ),
    );
  });
});
