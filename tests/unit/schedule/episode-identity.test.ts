import { describe, expect, it } from 'vitest';
import {
  episodeKeys,
  fnv1a64,
  foldText,
  hasIdentity,
  normalizeTitle,
  programmeIdentity,
  sameEpisode,
  type EpisodeFields,
} from '../../../src-main/core/schedule/episode-identity';
import type { EpisodeKeys } from '../../../src-main/core/schedule/plan-types';

const LONG = 'Borowski follows a trail from Kiel to the Baltic coast, where an old case reopens.';

function fields(over: Partial<EpisodeFields> = {}): EpisodeFields {
  return {
    title: 'Tatort',
    subTitle: null,
    description: null,
    season: null,
    episode: null,
    uid: null,
    ...over,
  };
}

const NONE: EpisodeKeys = { uid: null, episode: null, subTitle: null, description: null };

describe('normalizeTitle', () => {
  it.each([
    ['The Office', 'the office'],
    ['THE   OFFICE', 'the office'],
    ['  The Office!  ', 'the office'],
    ['Café', 'cafe'],
    ['Pokémon', 'pokemon'],
    ['Ñandú Über Ærø', 'nandu uber ærø'], // ø and æ do not decompose: kept
    ['Straße', 'strasse'],
    ['STRAẞE', 'strasse'],
    ['Law & Order', 'law and order'],
    ['Law&Order', 'law and order'],
    ['AT&T Presents', 'at and t presents'],
    ["Grey's Anatomy", 'greys anatomy'],
    ['Grey’s Anatomy', 'greys anatomy'],
    ['Grey´s Anatomy', 'greys anatomy'],
    ["'Allo 'Allo!", 'allo allo'],
    ['S.H.I.E.L.D.', 'shield'],
    ['9.1.1: Lone Star', '911 lone star'],
    ['Dr. House', 'dr house'],
    ['Wait...What?', 'wait what'],
    ['Star Trek: Discovery', 'star trek discovery'],
    ['Star Trek – Discovery', 'star trek discovery'],
    ['Sci-Fi/Fantasy', 'sci fi fantasy'],
    ['ＡＢＣ　ニュース', 'abc ニュース'], // fullwidth folded (NFKD), Japanese kept
    ['ﬁnal ﬂight', 'final flight'],
    ['İstanbul', 'istanbul'],
    ['Tatort 🚓 Kiel', 'tatort kiel'],
    ['tab\tand\nnewline', 'tab and newline'],
    ['The Beatles', 'the beatles'], // leading articles stay
    ['???', ''],
    ['', ''],
  ])('%j -> %j', (input, expected) => expect(normalizeTitle(input)).toBe(expected));

  it('gives the same answer from its cache, and for text too long to cache', () => {
    expect(normalizeTitle('Café & Co')).toBe('cafe and co');
    expect(normalizeTitle('Café & Co')).toBe('cafe and co');
    const long = `${'Ünïcode & more, '.repeat(40)}end`;
    expect(normalizeTitle(long)).toBe(`${'unicode and more '.repeat(40)}end`);
    expect(normalizeTitle(long)).toBe(normalizeTitle(long));
  });

  it('foldText falls back to trimmed lower case when normalisation leaves nothing', () => {
    expect(foldText(' ??? ')).toBe('???');
    expect(foldText('Café')).toBe('cafe');
  });
});

describe('fnv1a64 (stored keys depend on it never changing)', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('the published FNV-1a 64 vector of %j', (input, hash) => expect(fnv1a64(input)).toBe(hash));

  it('matches a BigInt reference over UTF-8 bytes (accents, CJK, astral characters)', () => {
    const reference = (s: string): string => {
      let h = 0xcbf29ce484222325n;
      for (const byte of new TextEncoder().encode(s)) {
        h ^= BigInt(byte);
        h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
      }
      return h.toString(16).padStart(16, '0');
    };
    const samples = [
      'hello world',
      'é',
      '€',
      '𝄞 music',
      'ニュース',
      LONG,
      'x'.repeat(1000),
      '\u0000\u007f\u0080',
    ];
    for (const s of samples) expect(fnv1a64(s)).toBe(reference(s));
  });
});

describe('programmeIdentity (dd_progid)', () => {
  it.each([
    ['EP01234567.0001', 'EP012345670001'],
    ['EP012345670001', 'EP012345670001'],
    ['ep01234567.0042', 'EP012345670042'],
    ['  EP01234567.0001  ', 'EP012345670001'],
    ['MV00123456.0000', 'MV001234560000'], // a movie: the id names the film
    ['MV001234560000', 'MV001234560000'],
    ['crid://bbc.co.uk/b0074fw3', 'crid://bbc.co.uk/b0074fw3'], // opaque ids as they are
    ['Abc-123', 'Abc-123'],
  ])('%j is the identity %j', (uid, id) => expect(programmeIdentity(uid)).toBe(id));

  it.each([
    ['SH02507767.0000', 'a show: the whole series'],
    ['SH025077670000', 'a show without the dot'],
    ['SH02507767.0012', 'SH never names an episode'],
    ['EP01234567.0000', 'an EP id of the series itself'],
    ['EP012345670000', 'the same without the dot'],
    ['SP00345678.0000', 'sports events are left to the weaker layers'],
    ['SP003456780012', 'SP with a number too'],
    ['XY01234567.0000', 'an unknown prefix follows the 0000 rule'],
    ['series-42.0000', 'any id ending in .0000'],
    ['   ', 'blank'],
    ['', 'empty'],
  ])('%j is no episode identity (%s)', (uid) => expect(programmeIdentity(uid)).toBeNull());

  it('null stays null', () => expect(programmeIdentity(null)).toBeNull());
});

describe('episodeKeys', () => {
  it('builds every layer a programme has', () => {
    expect(
      episodeKeys(
        fields({ uid: 'EP01234567.0001', season: 3, episode: 7, subTitle: 'Borowski', description: LONG }),
      ),
    ).toEqual({
      uid: 'uid:EP012345670001',
      episode: 'se:tatort:3:7',
      subTitle: 'sub:tatort:borowski',
      // Pinned (FNV-1a 64 of "borowski follows … reopens"): a change here orphans every stored key.
      description: 'desc:tatort:38490f381bfb9045',
    });
  });

  it('has no layers for a programme without identity', () => {
    const k = episodeKeys(fields({ title: 'Tagesschau', description: 'Nachrichten.' }));
    expect(k).toEqual(NONE);
    expect(hasIdentity(k)).toBe(false);
  });

  it('uses normalised titles, so spellings of the same title give the same keys', () => {
    const a = episodeKeys(
      fields({ title: 'Law & Order', season: 1, episode: 2, subTitle: 'Prescription', description: LONG }),
    );
    const b = episodeKeys(
      fields({ title: 'LAW AND ORDER', season: 1, episode: 2, subTitle: 'prescription!', description: LONG }),
    );
    expect(a).toEqual(b);
  });

  it('keeps a title of only punctuation (lower-cased) in its keys', () => {
    expect(episodeKeys(fields({ title: '???', season: 1, episode: 1 })).episode).toBe('se:???:1:1');
  });

  describe('the episode layer', () => {
    it('needs an episode number', () => {
      expect(episodeKeys(fields({ season: 2 })).episode).toBeNull();
    });
    it('with a season', () => {
      expect(episodeKeys(fields({ season: 2, episode: 5 })).episode).toBe('se:tatort:2:5');
    });
    it('without a season is marked "-" (never equal to one with a season)', () => {
      expect(episodeKeys(fields({ episode: 5 })).episode).toBe('se:tatort:-:5');
    });
    it('without a season gives way to a sub-title (the number may restart every season)', () => {
      const k = episodeKeys(fields({ episode: 5, subTitle: 'Die Falle' }));
      expect(k.episode).toBeNull();
      expect(k.subTitle).toBe('sub:tatort:die falle');
    });
    it('with a season stays beside a sub-title', () => {
      const k = episodeKeys(fields({ season: 1, episode: 5, subTitle: 'Die Falle' }));
      expect(k.episode).toBe('se:tatort:1:5');
      expect(k.subTitle).toBe('sub:tatort:die falle');
    });
    it('ignores numbers that are not finite', () => {
      expect(episodeKeys(fields({ season: 1, episode: Number.NaN })).episode).toBeNull();
    });
  });

  describe('the sub-title layer', () => {
    it.each([
      ['', 'empty'],
      ['  ', 'blank'],
      ['...', 'only punctuation'],
      ['Tatort', 'the title again'],
      ['TATORT!', 'the title again, spelled otherwise'],
    ])('is null for %j (%s)', (subTitle) => expect(episodeKeys(fields({ subTitle })).subTitle).toBeNull());
  });

  describe('the description layer', () => {
    it('needs at least 40 normalised characters', () => {
      const at40 = 'a'.repeat(40);
      expect(episodeKeys(fields({ description: at40 })).description).toBe(`desc:tatort:${fnv1a64(at40)}`);
      expect(episodeKeys(fields({ description: 'a'.repeat(39) })).description).toBeNull();
      // Punctuation and spacing do not count towards the length.
      expect(episodeKeys(fields({ description: `${'a'.repeat(39)}!!!    ` })).description).toBeNull();
    });
    it('hashes the normalised text: case, accents, punctuation and spacing do not matter', () => {
      const a = episodeKeys(fields({ description: 'Café owner Zoë finds a letter — and the past returns!' }));
      const b = episodeKeys(fields({ description: 'CAFE OWNER ZOE finds a letter and the past returns' }));
      expect(a.description).not.toBeNull();
      expect(a.description).toBe(b.description);
    });
    it('differs for different descriptions and different titles', () => {
      const a = episodeKeys(fields({ description: LONG })).description;
      expect(episodeKeys(fields({ description: `${LONG} Again.` })).description).not.toBe(a);
      expect(episodeKeys(fields({ title: 'Polizeiruf 110', description: LONG })).description).not.toBe(a);
    });
  });
});

describe('sameEpisode', () => {
  const keys = (over: Partial<EpisodeKeys>): EpisodeKeys => ({ ...NONE, ...over });

  it('decides on the uid when both have one, whatever the weaker layers say', () => {
    expect(
      sameEpisode(
        keys({ uid: 'uid:A', subTitle: 'sub:x:one' }),
        keys({ uid: 'uid:A', subTitle: 'sub:x:two' }),
      ),
    ).toBe(true);
    expect(
      sameEpisode(
        keys({ uid: 'uid:A', subTitle: 'sub:x:one' }),
        keys({ uid: 'uid:B', subTitle: 'sub:x:one' }),
      ),
    ).toBe(false);
  });

  it('decides on season/episode when no uid is shared', () => {
    expect(sameEpisode(keys({ uid: 'uid:A', episode: 'se:x:1:2' }), keys({ episode: 'se:x:1:2' }))).toBe(
      true,
    );
    expect(
      sameEpisode(
        keys({ episode: 'se:x:1:2', description: 'd' }),
        keys({ episode: 'se:x:1:3', description: 'd' }),
      ),
    ).toBe(false);
  });

  it('decides on the sub-title when no uid or numbers are shared', () => {
    expect(
      sameEpisode(keys({ episode: 'se:x:1:2', subTitle: 'sub:x:a' }), keys({ subTitle: 'sub:x:a' })),
    ).toBe(true);
    expect(
      sameEpisode(
        keys({ subTitle: 'sub:x:a', description: 'd' }),
        keys({ subTitle: 'sub:x:b', description: 'd' }),
      ),
    ).toBe(false);
  });

  it('decides on the description last', () => {
    expect(
      sameEpisode(keys({ description: 'desc:x:1' }), keys({ uid: 'uid:Q', description: 'desc:x:1' })),
    ).toBe(true);
    expect(sameEpisode(keys({ description: 'desc:x:1' }), keys({ description: 'desc:x:2' }))).toBe(false);
  });

  it('is false when no layer is shared, and for programmes without identity', () => {
    expect(sameEpisode(keys({ uid: 'uid:A' }), keys({ episode: 'se:x:1:2' }))).toBe(false);
    expect(sameEpisode(keys({ subTitle: 'sub:x:a' }), keys({ description: 'desc:x:1' }))).toBe(false);
    expect(sameEpisode(NONE, NONE)).toBe(false);
    expect(sameEpisode(NONE, keys({ uid: 'uid:A' }))).toBe(false);
  });

  it('is symmetric', () => {
    const a = keys({ uid: 'uid:A', episode: 'se:x:1:2' });
    const b = keys({ episode: 'se:x:1:2', subTitle: 'sub:x:a' });
    expect(sameEpisode(a, b)).toBe(sameEpisode(b, a));
  });

  it('works end to end across guides of different strength', () => {
    // Guide A: Schedules Direct ids and numbers. Guide B: numbers only. Guide C: a sub-title only.
    const a = episodeKeys(fields({ uid: 'EP01234567.0007', season: 3, episode: 7, subTitle: 'Borowski' }));
    const aRepeat = episodeKeys(fields({ uid: 'EP012345670007', season: 3, episode: 7 }));
    const b = episodeKeys(fields({ title: 'TATORT', season: 3, episode: 7 }));
    const c = episodeKeys(fields({ subTitle: 'Borowski' }));
    const other = episodeKeys(
      fields({ uid: 'EP01234567.0008', season: 3, episode: 8, subTitle: 'Borowski' }),
    );
    expect(sameEpisode(a, aRepeat)).toBe(true);
    expect(sameEpisode(a, b)).toBe(true);
    expect(sameEpisode(a, c)).toBe(true);
    expect(sameEpisode(b, c)).toBe(false); // no shared layer
    expect(sameEpisode(a, other)).toBe(false); // ids differ; the shared sub-title does not matter
  });

  it('never makes a generic show id (SH…) a duplicate of anything', () => {
    const news1 = episodeKeys(fields({ title: 'News', uid: 'SH00000001.0000' }));
    const news2 = episodeKeys(fields({ title: 'News', uid: 'SH00000001.0000' }));
    expect(hasIdentity(news1)).toBe(false);
    expect(sameEpisode(news1, news2)).toBe(false);
  });

  it('makes two airings of the same movie one', () => {
    const a = episodeKeys(fields({ title: 'Heat', uid: 'MV00123456.0000' }));
    const b = episodeKeys(fields({ title: 'Heat', uid: 'MV001234560000' }));
    expect(sameEpisode(a, b)).toBe(true);
  });

  it('hasIdentity is true with any one layer', () => {
    expect(hasIdentity(keys({ uid: 'uid:A' }))).toBe(true);
    expect(hasIdentity(keys({ episode: 'se:x:1:2' }))).toBe(true);
    expect(hasIdentity(keys({ subTitle: 'sub:x:a' }))).toBe(true);
    expect(hasIdentity(keys({ description: 'desc:x:1' }))).toBe(true);
  });
});
