import { describe, expect, it } from 'vitest';
import { SeriesRuleConfigInput } from '../../../src-shared/contract-rules';
import type { SeriesRuleConfig } from '../../../src-shared/domain-rules';
import type { ProgrammeAiring } from '../../../src-main/core/schedule/plan-types';
import {
  describeDays,
  describeWindow,
  filterAiring,
  inScope,
  inTimeWindow,
  isNewAiring,
  NO_NEW_TAGS_WARNING,
  newTagWarning,
  titleMatcher,
} from '../../../src-main/core/schedule/rule-match';

const MIN = 60_000;

/** A rule as the contract makes it (defaults filled in, days ordered). */
function rule(over: Record<string, unknown> = {}): SeriesRuleConfig {
  // The contract leaves the zone to the command (settings, else this computer's); tests say UTC.
  return { tz: 'UTC', ...SeriesRuleConfigInput.parse({ kind: 'series', title: 'Show', ...over }) };
}

// 2026-06-01 is a Monday.
const MON_18_UTC = Date.UTC(2026, 5, 1, 18, 0);

function airing(over: Partial<ProgrammeAiring> = {}): ProgrammeAiring {
  const start = over.start ?? MON_18_UTC;
  return {
    programmeId: 1,
    channelId: 10,
    guideId: 1,
    xmltvChannelId: 'one.de',
    start,
    stop: start + 60 * MIN,
    title: 'Show',
    subTitle: null,
    description: null,
    categories: [],
    season: null,
    episode: null,
    episodeNum: null,
    uid: null,
    icon: null,
    isNew: false,
    previouslyShown: false,
    premiere: false,
    ...over,
  };
}

function at(hour: number, minute = 0, day = 1): number {
  return Date.UTC(2026, 5, day, hour, minute);
}

describe('titleMatcher', () => {
  const matches = (title: string, match: string, candidates: string[]): boolean[] => {
    const test = titleMatcher(rule({ title, match }));
    return candidates.map(test);
  };

  it('exact compares normalised titles', () => {
    expect(
      matches('The Office', 'exact', [
        'The Office',
        'the office',
        'THE  OFFICE!',
        'The Office (US)',
        'Office',
      ]),
    ).toEqual([true, true, true, false, false]);
    expect(matches('Law & Order', 'exact', ['LAW AND ORDER', 'Law and Order', 'Law Order'])).toEqual([
      true,
      true,
      false,
    ]);
    expect(matches('Café Central', 'exact', ['Cafe Central', 'CAFÉ CENTRAL', 'Café'])).toEqual([
      true,
      true,
      false,
    ]);
    expect(matches("Grey's Anatomy", 'exact', ['Greys Anatomy', 'Grey’s Anatomy', 'Grey s Anatomy'])).toEqual(
      [true, true, false],
    );
  });

  it('exact is the default mode', () => {
    expect(titleMatcher(rule({ title: 'Tatort' }))('Tatort: Borowski')).toBe(false);
    expect(titleMatcher(rule({ title: 'Tatort' }))('TATORT')).toBe(true);
  });

  it('contains finds the normalised rule title anywhere', () => {
    expect(
      matches('trek', 'contains', ['Star Trek: Discovery', 'TREKKING', 'Star Wars', 'Die Trekkies']),
    ).toEqual([true, true, false, true]);
    expect(matches('Trek: Disc', 'contains', ['Star Trek – Discovery'])).toEqual([true]);
  });

  it('prefix compares the start of the normalised title', () => {
    expect(
      matches('Star Trek', 'prefix', ['Star Trek: Picard', 'star trek', 'The Star Trek Story', 'Stargate']),
    ).toEqual([true, true, false, false]);
    // Plain string prefix, documented: "Star" is a prefix of "Stargate".
    expect(matches('Star', 'prefix', ['Stargate', 'Star Trek', 'Superstar'])).toEqual([true, true, false]);
  });

  it('a rule title that normalises to nothing compares lower-cased text', () => {
    expect(matches('???', 'exact', ['???', ' ??? ', '!!!', 'What???'])).toEqual([true, true, false, false]);
    expect(matches('???', 'contains', ['What???', 'What'])).toEqual([true, false]);
    expect(matches('!!', 'prefix', ['!! Live', 'Live !!'])).toEqual([true, false]);
  });

  it('regex runs on the raw title, case-insensitive and unicode-aware', () => {
    expect(
      matches('^tatort\\b', 'regex', ['Tatort: Kiel', 'TATORT', 'Tatortreiniger', 'Der Tatort']),
    ).toEqual([true, true, false, false]);
    // The raw title: punctuation is still there.
    expect(matches(': ', 'regex', ['Tatort: Kiel', 'Tatort Kiel'])).toEqual([true, false]);
    // 'u': \p{…} classes work and an astral character is one character.
    expect(matches('^\\p{Lu}{3}$', 'regex', ['ÉTÉ', 'été', 'ET'])).toEqual([true, true, false]);
    expect(matches('^.$', 'regex', ['🚓', 'ab'])).toEqual([true, false]);
    // 'i' with accents.
    expect(matches('café', 'regex', ['CAFÉ CENTRAL'])).toEqual([true]);
  });

  it('regex gives the same answer on every call (no lastIndex state)', () => {
    const test = titleMatcher(rule({ title: 'news', match: 'regex' }));
    expect([test('News'), test('News'), test('News')]).toEqual([true, true, true]);
  });

  it('regex sees only the first 500 characters of a title', () => {
    const test = titleMatcher(rule({ title: 'x$', match: 'regex' }));
    expect(test(`${'a'.repeat(499)}X${'b'.repeat(100)}`)).toBe(true);
    expect(test(`${'a'.repeat(500)}X`)).toBe(false);
    expect(titleMatcher(rule({ title: 'needle', match: 'regex' }))(`${'a'.repeat(600)}needle`)).toBe(false);
  });

  it('an invalid regex never reaches it: the contract refuses it (and it would throw at once)', () => {
    const parsed = SeriesRuleConfigInput.safeParse({ kind: 'series', title: '(unclosed', match: 'regex' });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/not a valid regular expression/);
    expect(() => titleMatcher({ title: '(unclosed', match: 'regex' })).toThrow(SyntaxError);
  });
});

describe('inScope', () => {
  const mapped = { id: 10, guideId: 1, guideChannelId: 'one.de' };
  const unmapped = { id: 11, guideId: null, guideChannelId: null };

  it('any channel', () => {
    expect(inScope(rule(), airing(), mapped)).toBe(true);
    expect(inScope(rule(), airing(), unmapped)).toBe(true);
  });

  it('listed channels', () => {
    const config = rule({ channels: { scope: 'channels', ids: [10, 12] } });
    expect(inScope(config, airing(), mapped)).toBe(true);
    expect(inScope(config, airing({ channelId: 11 }), unmapped)).toBe(false);
  });

  it('a guide channel: by the channel mapping or by where the airing comes from', () => {
    const config = rule({ channels: { scope: 'guide-channel', guideId: 1, xmltvId: 'one.de' } });
    expect(inScope(config, airing(), mapped)).toBe(true);
    // Another source's channel carrying the same guide channel.
    expect(inScope(config, airing({ channelId: 20 }), { id: 20, guideId: 1, guideChannelId: 'one.de' })).toBe(
      true,
    );
    expect(inScope(config, airing(), unmapped)).toBe(true);
    const other = airing({ guideId: 1, xmltvChannelId: 'two.de' });
    expect(inScope(config, other, { id: 12, guideId: 1, guideChannelId: 'two.de' })).toBe(false);
    // Same xmltv id in another guide is another guide channel.
    const otherGuide = airing({ guideId: 2, xmltvChannelId: 'one.de' });
    expect(inScope(config, otherGuide, { id: 13, guideId: 2, guideChannelId: 'one.de' })).toBe(false);
  });
});

describe('filterAiring', () => {
  it('passes an airing when the rule has no filters', () => {
    expect(filterAiring(rule(), airing())).toBeNull();
  });

  describe('keywords', () => {
    const config = rule({ keywords: ['Borowski', 'Kiel'] });

    it('passes when every keyword appears (case, accents and punctuation folded)', () => {
      expect(filterAiring(config, airing({ description: "In KIEL, Borowski's last case." }))).toBeNull();
      expect(filterAiring(rule({ keywords: ['Zoë'] }), airing({ description: 'ZOE returns.' }))).toBeNull();
      expect(filterAiring(rule({ keywords: ['café'] }), airing({ description: 'At the cafe.' }))).toBeNull();
    });

    it('matches a keyword inside a word (substring)', () => {
      expect(
        filterAiring(rule({ keywords: ['mord'] }), airing({ description: 'Die Mordkommission.' })),
      ).toBeNull();
    });

    it('names the missing keyword', () => {
      expect(filterAiring(config, airing({ description: 'Borowski in Hamburg.' }))).toEqual({
        skip: 'outside-window',
        reason: 'the description does not mention "Kiel"',
      });
      expect(filterAiring(config, airing({ description: 'Lindholm in Hannover.' }))?.reason).toBe(
        'the description does not mention "Borowski" or "Kiel"',
      );
    });

    it('does not match without a description', () => {
      for (const description of [null, '', '   ']) {
        expect(filterAiring(config, airing({ description }))).toEqual({
          skip: 'outside-window',
          reason: 'the guide gives no description; the rule looks for "Borowski" and "Kiel" in it',
        });
      }
    });
  });

  describe('days, in the rule zone, by the start', () => {
    it('reads the weekday where the rule is, not in UTC', () => {
      // Saturday 03:00 UTC is Friday 20:00 in Los Angeles (PDT).
      const friEveningLA = airing({ start: at(3, 0, 6) });
      expect(filterAiring(rule({ tz: 'America/Los_Angeles', days: ['fri'] }), friEveningLA)).toBeNull();
      expect(filterAiring(rule({ tz: 'America/Los_Angeles', days: ['sat'] }), friEveningLA)?.reason).toBe(
        'starts at 20:00 on Friday; the rule records Sat',
      );
      // Friday 13:00 UTC is Saturday 01:00 in Auckland (NZST).
      const satNightNZ = airing({ start: at(13, 0, 5) });
      expect(filterAiring(rule({ tz: 'Pacific/Auckland', days: ['sat'] }), satNightNZ)).toBeNull();
      expect(filterAiring(rule({ tz: 'Pacific/Auckland', days: ['fri'] }), satNightNZ)?.reason).toBe(
        'starts at 01:00 on Saturday; the rule records Fri',
      );
      // The same instants in UTC.
      expect(filterAiring(rule({ days: ['sat'] }), friEveningLA)).toBeNull();
      expect(filterAiring(rule({ days: ['fri'] }), satNightNZ)).toBeNull();
    });

    it('takes the day the airing starts on, even when it runs past midnight', () => {
      // Friday 23:30 CEST (21:30 UTC) for two hours.
      const late = airing({ start: at(21, 30, 5), stop: at(23, 30, 5) });
      expect(filterAiring(rule({ tz: 'Europe/Berlin', days: ['fri'] }), late)).toBeNull();
      expect(filterAiring(rule({ tz: 'Europe/Berlin', days: ['sat'] }), late)).not.toBeNull();
    });

    it('every day listed passes every day', () => {
      const every = rule({ days: ['sun', 'sat', 'fri', 'thu', 'wed', 'tue', 'mon'] });
      for (let day = 1; day <= 7; day++)
        expect(filterAiring(every, airing({ start: at(12, 0, day) }))).toBeNull();
    });
  });

  describe('after / before, in the rule zone', () => {
    const window = (after: string | null, before: string | null) => rule({ after, before });
    const passes = (config: SeriesRuleConfig, hour: number, minute: number): boolean =>
      filterAiring(config, airing({ start: at(hour, minute) })) === null;

    it('after is inclusive, before exclusive', () => {
      const config = window('18:00', '20:00');
      expect(passes(config, 17, 59)).toBe(false);
      expect(passes(config, 18, 0)).toBe(true);
      expect(passes(config, 19, 59)).toBe(true);
      expect(passes(config, 20, 0)).toBe(false);
    });

    it('a window where after > before wraps midnight', () => {
      const config = window('22:00', '02:00');
      expect(passes(config, 21, 59)).toBe(false);
      expect(passes(config, 22, 0)).toBe(true);
      expect(passes(config, 23, 59)).toBe(true);
      expect(passes(config, 0, 0)).toBe(true);
      expect(passes(config, 1, 59)).toBe(true);
      expect(passes(config, 2, 0)).toBe(false);
      expect(passes(config, 12, 0)).toBe(false);
      expect(filterAiring(config, airing({ start: at(12, 0) }))?.reason).toBe(
        'starts at 12:00 on Monday; the rule records 22:00–02:00',
      );
    });

    it('after alone, before alone', () => {
      expect(passes(window('18:00', null), 17, 59)).toBe(false);
      expect(passes(window('18:00', null), 23, 59)).toBe(true);
      expect(passes(window(null, '06:00'), 0, 0)).toBe(true);
      expect(passes(window(null, '06:00'), 6, 0)).toBe(false);
      expect(filterAiring(window('18:00', null), airing({ start: at(9, 5) }))?.reason).toBe(
        'starts at 09:05 on Monday; the rule records from 18:00',
      );
      expect(filterAiring(window(null, '06:00'), airing({ start: at(9, 5) }))?.reason).toBe(
        'starts at 09:05 on Monday; the rule records before 06:00',
      );
    });

    it('after = before is the whole day', () => {
      for (const [h, m] of [
        [0, 0],
        [17, 59],
        [18, 0],
        [23, 59],
      ] as const)
        expect(passes(window('18:00', '18:00'), h, m)).toBe(true);
    });

    it('reads wall-clock time in the rule zone across a daylight-saving change', () => {
      const config = rule({ tz: 'Europe/Berlin', after: '18:00', before: '20:00' });
      // Before 2026-03-29 Berlin is UTC+1, after it UTC+2.
      expect(filterAiring(config, airing({ start: Date.UTC(2026, 2, 27, 17, 0) }))).toBeNull(); // 18:00 CET
      expect(filterAiring(config, airing({ start: Date.UTC(2026, 2, 27, 16, 0) }))?.reason).toBe(
        'starts at 17:00 on Friday; the rule records 18:00–20:00',
      );
      expect(filterAiring(config, airing({ start: Date.UTC(2026, 2, 30, 16, 0) }))).toBeNull(); // 18:00 CEST
      expect(filterAiring(config, airing({ start: Date.UTC(2026, 2, 30, 18, 0) }))?.reason).toBe(
        'starts at 20:00 on Monday; the rule records 18:00–20:00',
      );
    });

    it('says when and what the rule records, days and times together', () => {
      const config = rule({
        tz: 'Europe/Berlin',
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        after: '18:00',
        before: '20:00',
      });
      // Saturday 2026-06-06 21:00 CEST.
      expect(filterAiring(config, airing({ start: Date.UTC(2026, 5, 6, 19, 0) }))).toEqual({
        skip: 'outside-window',
        reason: 'starts at 21:00 on Saturday; the rule records Mon–Fri 18:00–20:00',
      });
      // Right day, wrong time: the same kind of sentence.
      expect(filterAiring(config, airing({ start: Date.UTC(2026, 5, 5, 19, 0) }))?.reason).toBe(
        'starts at 21:00 on Friday; the rule records Mon–Fri 18:00–20:00',
      );
      expect(filterAiring(config, airing({ start: Date.UTC(2026, 5, 5, 16, 30) }))).toBeNull();
    });

    it('inTimeWindow on its own', () => {
      expect(inTimeWindow(0, null, null)).toBe(true);
      expect(inTimeWindow(1439, 1320, 120)).toBe(true);
      expect(inTimeWindow(120, 1320, 120)).toBe(false);
    });
  });

  describe('duration', () => {
    const long = (ms: number) => airing({ stop: MON_18_UTC + ms });

    it('at most max minutes, inclusive', () => {
      const config = rule({ maxDurationMin: 60 });
      expect(filterAiring(config, long(60 * MIN))).toBeNull();
      expect(filterAiring(config, long(72 * MIN))).toEqual({
        skip: 'outside-window',
        reason: '72 min long; the rule records at most 60 min',
      });
      expect(filterAiring(config, long(60 * MIN + 30_000))?.reason).toBe(
        '60 min 30 s long; the rule records at most 60 min',
      );
    });

    it('at least min minutes, inclusive', () => {
      const config = rule({ minDurationMin: 30 });
      expect(filterAiring(config, long(30 * MIN))).toBeNull();
      expect(filterAiring(config, long(30 * MIN - 1000))?.reason).toBe(
        '29 min 59 s long; the rule records at least 30 min',
      );
      expect(filterAiring(config, long(5 * MIN))?.reason).toBe(
        '5 min long; the rule records at least 30 min',
      );
    });

    it('both limits', () => {
      const config = rule({ minDurationMin: 30, maxDurationMin: 30 });
      expect(filterAiring(config, long(30 * MIN))).toBeNull();
      expect(filterAiring(config, long(31 * MIN))).not.toBeNull();
      expect(filterAiring(config, long(29 * MIN))).not.toBeNull();
    });
  });

  describe('categories', () => {
    const config = rule({ categories: ['Comedy', 'Drama'] });

    it('passes with any one of them, case-insensitive', () => {
      expect(filterAiring(config, airing({ categories: ['News', 'drama'] }))).toBeNull();
      expect(filterAiring(config, airing({ categories: ['COMEDY'] }))).toBeNull();
      expect(filterAiring(rule({ categories: ['Comédie'] }), airing({ categories: ['comedie'] }))).toBeNull();
      expect(filterAiring(rule({ categories: ['Sci-Fi'] }), airing({ categories: ['sci fi'] }))).toBeNull();
    });

    it('says what the airing is listed as', () => {
      expect(filterAiring(config, airing({ categories: ['News', 'Talk'] }))).toEqual({
        skip: 'outside-window',
        reason: 'listed as News, Talk; the rule records Comedy or Drama only',
      });
      expect(filterAiring(rule({ categories: ['Comedy'] }), airing({ categories: [] }))?.reason).toBe(
        'the guide gives it no category; the rule records Comedy only',
      );
      expect(filterAiring(rule({ categories: ['A', 'B', 'C'] }), airing({ categories: ['D'] }))?.reason).toBe(
        'listed as D; the rule records A, B or C only',
      );
    });

    it('a category is compared whole, not as a substring', () => {
      expect(
        filterAiring(rule({ categories: ['Drama'] }), airing({ categories: ['Dramedy'] })),
      ).not.toBeNull();
    });
  });

  describe('new only', () => {
    // [isNew, premiere, previouslyShown, untaggedIsNew] -> recorded?
    it.each([
      [false, false, false, false, false],
      [false, false, false, true, true],
      [true, false, false, false, true],
      [true, false, false, true, true],
      [false, true, false, false, true],
      [false, true, false, true, true],
      [true, true, false, false, true],
      [true, true, false, true, true],
      [false, false, true, false, false],
      [false, false, true, true, false],
      [true, false, true, false, false],
      [true, false, true, true, false],
      [false, true, true, false, false],
      [false, true, true, true, false],
      [true, true, true, false, false],
      [true, true, true, true, false],
    ])(
      'new %s, premiere %s, previously shown %s, untagged-is-new %s: recorded %s',
      (isNew, premiere, previouslyShown, untaggedIsNew, recorded) => {
        const config = rule({ newOnly: true, untaggedIsNew });
        const a = airing({ isNew, premiere, previouslyShown });
        expect(filterAiring(config, a) === null).toBe(recorded);
        expect(isNewAiring(config, a)).toBe(recorded);
        // Without new-only, every one is recorded.
        expect(filterAiring(rule({ untaggedIsNew }), a)).toBeNull();
      },
    );

    it('explains a repeat and an untagged airing', () => {
      const config = rule({ newOnly: true });
      expect(filterAiring(config, airing({ previouslyShown: true, isNew: true }))).toEqual({
        skip: 'not-new',
        reason: 'a repeat (previously shown); the rule records new episodes only',
      });
      expect(filterAiring(config, airing())).toEqual({
        skip: 'not-new',
        reason: 'the guide does not mark it as new; the rule records new episodes only',
      });
    });
  });

  it('checks keywords, days, time, duration, categories, then new-only, the first failure answering', () => {
    const config = rule({
      tz: 'UTC',
      keywords: ['Kiel'],
      days: ['mon'],
      after: '18:00',
      before: '20:00',
      maxDurationMin: 60,
      categories: ['Drama'],
      newOnly: true,
    });
    const good = {
      description: 'Kiel.',
      start: MON_18_UTC,
      stop: MON_18_UTC + 60 * MIN,
      categories: ['Drama'],
      isNew: true,
    };
    const bad = {
      description: 'Hamburg.',
      start: at(21, 0, 2), // Tuesday 21:00
      stop: at(23, 0, 2),
      categories: ['News'],
      isNew: false,
    };
    expect(filterAiring(config, airing(good))).toBeNull();
    const reasons: string[] = [];
    let current: Partial<ProgrammeAiring> = bad;
    // Fix one failure at a time, in the documented order.
    const fixes: Array<Partial<ProgrammeAiring>> = [
      { description: good.description },
      { start: at(21, 0, 1), stop: at(23, 0, 1) }, // Monday, still 21:00 and two hours
      { start: at(18, 0, 1), stop: at(20, 0, 1) }, // in the window, still two hours
      { stop: at(19, 0, 1) },
      { categories: good.categories },
      { isNew: true },
    ];
    for (const fix of fixes) {
      const verdict = filterAiring(config, airing(current));
      reasons.push(verdict?.reason ?? 'recorded');
      current = { ...current, ...fix };
    }
    reasons.push(filterAiring(config, airing(current))?.reason ?? 'recorded');
    expect(reasons).toEqual([
      'the description does not mention "Kiel"',
      'starts at 21:00 on Tuesday; the rule records Mon 18:00–20:00',
      'starts at 21:00 on Monday; the rule records Mon 18:00–20:00',
      '120 min long; the rule records at most 60 min',
      'listed as News; the rule records Drama only',
      'the guide does not mark it as new; the rule records new episodes only',
      'recorded',
    ]);
  });

  it('keeps each config object to its own compiled filters', () => {
    const a = rule({ after: '18:00' });
    const b = rule({ after: '20:00' });
    const early = airing({ start: at(19, 0) });
    expect(filterAiring(a, early)).toBeNull();
    expect(filterAiring(b, early)).not.toBeNull();
    expect(filterAiring(a, early)).toBeNull();
  });
});

describe('newTagWarning', () => {
  const untagged = airing();
  const config = rule({ newOnly: true });

  it('warns when a new-only rule matched airings and none carries a tag', () => {
    expect(newTagWarning(config, [untagged, untagged])).toBe(NO_NEW_TAGS_WARNING);
    expect(NO_NEW_TAGS_WARNING).toBe(
      "the guide marks no programme as new or repeat; turn on 'untagged counts as new' or new-only will record nothing",
    );
  });

  it('is quiet when any matched airing carries any of the tags', () => {
    expect(newTagWarning(config, [untagged, airing({ isNew: true })])).toBeNull();
    expect(newTagWarning(config, [untagged, airing({ premiere: true })])).toBeNull();
    expect(newTagWarning(config, [untagged, airing({ previouslyShown: true })])).toBeNull();
  });

  it('is quiet without new-only, with untagged-is-new, or when nothing matched', () => {
    expect(newTagWarning(rule(), [untagged])).toBeNull();
    expect(newTagWarning(rule({ newOnly: true, untaggedIsNew: true }), [untagged])).toBeNull();
    expect(newTagWarning(config, [])).toBeNull();
  });
});

describe('words for reasons', () => {
  it.each([
    [['mon', 'tue', 'wed', 'thu', 'fri'], 'Mon–Fri'],
    [['sat', 'sun'], 'Sat, Sun'],
    [['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], 'every day'],
    [['mon', 'wed', 'thu', 'fri'], 'Mon, Wed–Fri'],
    [['sun', 'mon', 'sat'], 'Mon, Sat, Sun'],
    [['wed'], 'Wed'],
  ] as const)('%j reads %j', (days, text) => expect(describeDays(days)).toBe(text));

  it('describes a window', () => {
    expect(describeWindow(['sat', 'sun'], '22:00', '02:00')).toBe('Sat, Sun 22:00–02:00');
    expect(describeWindow(null, null, '06:00')).toBe('before 06:00');
    expect(describeWindow(['fri'], null, null)).toBe('Fri');
  });
});
