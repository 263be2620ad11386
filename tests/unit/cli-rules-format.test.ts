// How the CLI shows rules and the upcoming list (cli-rules-format.ts). Times are built with the local
// Date constructor: the output is local time, so the expectations hold in any TZ.
import { describe, expect, it } from 'vitest';
import type { Rule, UpcomingAiring } from '../../src-shared/domain-rules';
import {
  airingLines,
  daysLabel,
  episodeLabel,
  fixCommand,
  ruleLine,
  ruleLines,
  shellQuote,
  upcomingJson,
  upcomingLines,
} from '../../src-main/server/cli-rules-format';

const at = (day: number, h: number, m = 0) => new Date(2026, 2, day, h, m).getTime();

function airing(over: Partial<UpcomingAiring>): UpcomingAiring {
  return {
    key: 'prog:1:one.tv:1',
    state: 'will-record',
    ruleId: 3,
    ruleName: 'Drama',
    recordingId: 12,
    reason: null,
    skip: null,
    channelId: 1,
    channelName: 'One',
    title: 'Drama',
    subTitle: null,
    season: null,
    episode: null,
    start: at(2, 20, 15),
    end: at(2, 21),
    padBeforeMs: 0,
    padAfterMs: 0,
    programmeId: null,
    duplicateOf: null,
    fixes: [],
    ...over,
  };
}

describe('labels', () => {
  it.each([
    [{ season: 1, episode: 2, subTitle: 'Pilot' }, 'Drama S01E02 "Pilot"'],
    [{ season: null, episode: 7, subTitle: null }, 'Drama E07'],
    [{ season: 12, episode: null, subTitle: 'Finale' }, 'Drama S12 "Finale"'],
    [{ season: null, episode: null, subTitle: null }, 'Drama'],
  ])('episode %j', (over, label) => expect(episodeLabel({ title: 'Drama', ...over })).toBe(label));

  it.each([
    [['mon', 'tue', 'wed', 'thu', 'fri'], 'weekdays'],
    [['sat', 'sun'], 'weekends'],
    [null, 'daily'],
    [['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], 'daily'],
    [['mon', 'tue', 'wed', 'thu'], 'Mon-Thu'],
    [['mon', 'fri', 'sat', 'sun'], 'Fri-Mon'],
    [['mon', 'wed', 'fri'], 'Mon, Wed, Fri'],
    [['tue', 'wed'], 'Tue, Wed'],
  ] as const)('days %j', (days, label) => expect(daysLabel(days)).toBe(label));

  it('quotes keys for the shell only when needed', () => {
    expect(shellQuote('prog:1:bbc1.uk:1772481600000')).toBe('prog:1:bbc1.uk:1772481600000');
    expect(shellQuote("prog:1:it's tv:5")).toBe(`'prog:1:it'\\''s tv:5'`);
    expect(shellQuote('a$b')).toBe("'a$b'");
  });
});

describe('fixes as commands', () => {
  it.each([
    [{ kind: 'raise-priority', ruleId: 3, to: 11 }, 'tapedeck rule edit 3 --priority 11'],
    [
      { kind: 'other-airing', ruleId: 3, key: 'prog:1:a b:5', start: 5, channelName: null },
      "tapedeck upcoming choose --rule 3 --key 'prog:1:a b:5'",
    ],
    [{ kind: 'drop', recordingId: 12, title: 'Film' }, 'tapedeck cancel 12'],
    [{ kind: 'restore', ruleId: 3, key: 'time:3:9' }, 'tapedeck upcoming restore --rule 3 --key time:3:9'],
  ] as const)('%j', (fix, command) => expect(fixCommand(fix).command).toBe(command));
});

describe('the upcoming list', () => {
  it('an airing: time, channel, episode, ids, state, reason, fixes', () => {
    expect(
      airingLines(
        airing({
          state: 'conflict',
          season: 1,
          episode: 2,
          subTitle: 'Pilot',
          reason: 'needs a 2nd connection to P1 at 20:14, held by "Film"',
          fixes: [
            { kind: 'raise-priority', ruleId: 3, to: 101 },
            { kind: 'drop', recordingId: 9, title: 'Film' },
          ],
        }),
      ),
    ).toEqual([
      '  20:15-21:00  One  Drama S01E02 "Pilot"  [#12, rule 3]  CONFLICT: needs a 2nd connection to P1 at 20:14, held by "Film"',
      '      fix: tapedeck rule edit 3 --priority 101   # put its rule above the recordings it competes with',
      '      fix: tapedeck cancel 9   # cancel "Film" to free its connection',
    ]);
    expect(
      airingLines(
        airing({ state: 'skipped', recordingId: null, channelName: null, skip: 'not-new', reason: null }),
      ),
    ).toEqual(['  20:15-21:00  channel 1  Drama  [rule 3]  skipped: not-new']);
    expect(airingLines(airing({ ruleId: null, reason: 'moved by the guide' }))).toEqual([
      '  20:15-21:00  One  Drama  [#12]  will record (moved by the guide)',
    ]);
  });

  it('groups by local day and sums up', () => {
    const lines = upcomingLines(
      [
        airing({}),
        airing({ start: at(2, 23, 30), end: at(3, 0, 30), state: 'recording', recordingId: 13 }),
        airing({ start: at(4, 6), end: at(4, 7), state: 'skipped', recordingId: null, reason: 'a repeat' }),
      ],
      'nothing',
    );
    expect(lines).toEqual([
      'Mon 2026-03-02',
      '  20:15-21:00  One  Drama  [#12, rule 3]  will record',
      '  23:30-00:30  One  Drama  [#13, rule 3]  recording',
      '',
      'Wed 2026-03-04',
      '  06:00-07:00  One  Drama  [rule 3]  skipped: a repeat',
      '',
      '1 to record, 1 recording, 1 skipped',
    ]);
    expect(upcomingLines([], 'nothing upcoming')).toEqual(['nothing upcoming']);
  });

  it('--json gives each fix its command', () => {
    const [json] = upcomingJson([airing({ fixes: [{ kind: 'drop', recordingId: 9, title: 'F' }] })]);
    expect(json).toMatchObject({
      key: 'prog:1:one.tv:1',
      fixes: [{ kind: 'drop', command: 'tapedeck cancel 9' }],
    });
  });
});

describe('rules', () => {
  const rule: Rule = {
    id: 4,
    name: 'News at six',
    enabled: false,
    priority: 2,
    padBeforeMs: -600_000,
    padAfterMs: null,
    keepLast: 5,
    container: null,
    library: null,
    createdAt: 0,
    updatedAt: 0,
    upcoming: 0,
    warnings: ['the channel is gone'],
    config: {
      kind: 'time',
      channelId: 7,
      at: '18:00',
      durationMs: 1_800_000,
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      tz: 'Europe/Berlin',
      from: '2026-03-01',
      until: null,
      title: null,
    },
  };

  it('a line for the list', () => {
    expect(ruleLine(rule)).toBe(
      '#4  time    News at six  - channel 7 weekdays at 18:00 for 30m00s (Europe/Berlin)  (priority 2, 0 upcoming)  DISABLED  1 warning(s)',
    );
  });

  it('a block for show', () => {
    expect(ruleLines(rule, (id) => `#${id} Seven`)).toEqual([
      '#4 News at six (time rule, DISABLED)',
      '  records:   #7 Seven weekdays at 18:00 for 30m00s (Europe/Berlin)',
      '  dates:     2026-03-01 to ...',
      "  title:     the guide's title at that time",
      '  priority:  2',
      '  padding:   -10m00s before, default after',
      '  keep:      the last 5',
      '  upcoming:  0 (tapedeck upcoming --rule 4)',
      '  warning:   the channel is gone',
    ]);
    const series: Rule = {
      ...rule,
      enabled: true,
      config: {
        kind: 'series',
        title: 'Drama',
        match: 'prefix',
        keywords: [],
        channels: { scope: 'guide-channel', guideId: 2, xmltvId: 'one.tv' },
        days: ['sat', 'sun'],
        after: '20:00',
        before: null,
        minDurationMin: null,
        maxDurationMin: 90,
        categories: ['Drama', 'Crime'],
        newOnly: true,
        untaggedIsNew: true,
        dedupe: 'episode',
        tz: 'UTC',
      },
    };
    expect(ruleLines(series).slice(0, 5)).toEqual([
      '#4 News at six (series rule)',
      '  records:   "Drama" (prefix) on guide 2 channel one.tv',
      '  when:      weekends, starting 20:00-24:00, 0-90 min long (UTC)',
      '  category:  Drama or Crime',
      '  airings:   new episodes only (untagged count as new), each episode once',
    ]);
  });
});
