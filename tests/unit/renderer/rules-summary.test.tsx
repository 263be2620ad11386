// @vitest-environment jsdom
// A rule in one sentence (src-renderer/pages/rules/rule-summary.ts): what the list shows and the editor
// says as the user types.
import { describe, expect, it } from 'vitest';
import type { SeriesRuleConfig, TimeRuleConfig } from '../../../src-shared/domain-rules';
import {
  daysText,
  ruleDetails,
  ruleSummary,
  type Names,
} from '../../../src-renderer/pages/rules/rule-summary';

const names: Names = {
  channel: (id) => ({ 1: 'BBC One', 2: 'BBC Two', 3: 'ITV1', 4: 'Channel 4' })[id] ?? null,
  guideChannel: (guideId, xmltvId) => (guideId === 1 && xmltvId === 'bbc1.uk' ? 'BBC One (guide)' : null),
};

const series = (over: Partial<SeriesRuleConfig> = {}): SeriesRuleConfig => ({
  kind: 'series',
  title: 'Doctor Who',
  match: 'exact',
  keywords: [],
  channels: { scope: 'any' },
  days: null,
  after: null,
  before: null,
  minDurationMin: null,
  maxDurationMin: null,
  categories: [],
  newOnly: false,
  untaggedIsNew: false,
  dedupe: 'episode',
  tz: 'Europe/Berlin',
  ...over,
});

const time = (over: Partial<TimeRuleConfig> = {}): TimeRuleConfig => ({
  kind: 'time',
  channelId: 1,
  at: '18:00',
  durationMs: 3600_000,
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  tz: 'Europe/Berlin',
  from: null,
  until: null,
  title: null,
  ...over,
});

describe('rule summaries', () => {
  it('says a series rule as people do', () => {
    expect(ruleSummary(series({ newOnly: true }), names)).toBe(
      'every new episode of Doctor Who on any channel',
    );
    expect(ruleSummary(series(), names)).toBe('every episode of Doctor Who on any channel');
    expect(ruleSummary(series({ match: 'contains', title: 'News' }), names)).toBe(
      'every episode of anything with “News” in its title on any channel',
    );
    expect(ruleSummary(series({ match: 'prefix', title: 'Match of' }), names)).toContain(
      'starts with “Match of”',
    );
    expect(ruleSummary(series({ match: 'regex', title: '^Top' }), names)).toContain('matches /^Top/');
  });

  it('names the channels, the guide channel, and the window with its zone', () => {
    expect(ruleSummary(series({ channels: { scope: 'channels', ids: [1] } }), names)).toBe(
      'every episode of Doctor Who on BBC One',
    );
    expect(ruleSummary(series({ channels: { scope: 'channels', ids: [1, 2, 3] } }), names)).toBe(
      'every episode of Doctor Who on BBC One, BBC Two and ITV1',
    );
    expect(ruleSummary(series({ channels: { scope: 'channels', ids: [1, 2, 3, 4] } }), names)).toBe(
      'every episode of Doctor Who on 4 channels',
    );
    // A channel whose name is not known yet reads as its number, never as nothing.
    expect(ruleSummary(series({ channels: { scope: 'channels', ids: [99] } }), names)).toBe(
      'every episode of Doctor Who on channel 99',
    );
    expect(
      ruleSummary(series({ channels: { scope: 'guide-channel', guideId: 1, xmltvId: 'bbc1.uk' } }), names),
    ).toBe('every episode of Doctor Who on any channel showing BBC One (guide)');
    expect(
      ruleSummary(
        series({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], after: '18:00', before: '20:00' }),
        names,
      ),
    ).toBe('every episode of Doctor Who on any channel, weekdays 18:00–20:00, Europe/Berlin');
    expect(ruleSummary(series({ after: '21:00' }), names)).toBe(
      'every episode of Doctor Who on any channel, from 21:00, Europe/Berlin',
    );
  });

  it('says a time rule with its days, time, channel and zone', () => {
    expect(ruleSummary(time(), names)).toBe('weekdays 18:00 on BBC One, Europe/Berlin');
    expect(ruleSummary(time({ days: ['sat', 'sun'], channelId: 2, at: '07:30', tz: 'UTC' }), names)).toBe(
      'weekends 07:30 on BBC Two, UTC',
    );
    // Unsaved, taking the default zone: no zone to name.
    expect(ruleSummary(time({ tz: '' }), names)).toBe('weekdays 18:00 on BBC One');
  });

  it('reads days as daily, weekdays, weekends, ranges or lists', () => {
    expect(daysText(null)).toBe('daily');
    expect(daysText(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).toBe('daily');
    expect(daysText(['sat', 'sun'])).toBe('weekends');
    expect(daysText(['mon', 'tue', 'wed', 'thu'])).toBe('Mon–Thu');
    expect(daysText(['fri', 'sat', 'sun', 'mon'])).toBe('Fri–Mon');
    expect(daysText(['mon', 'wed', 'fri'])).toBe('Mon, Wed, Fri');
    expect(daysText(['tue'])).toBe('Tuesdays');
  });

  it('lists the filters as short phrases', () => {
    expect(
      ruleDetails(
        series({
          minDurationMin: 30,
          maxDurationMin: 90,
          categories: ['Drama', 'Sci-fi'],
          keywords: ['Dalek'],
          newOnly: true,
          untaggedIsNew: true,
          dedupe: 'once-per-week',
        }),
      ),
    ).toEqual([
      '30 min to 1 h 30 min long',
      'in Drama or Sci-fi',
      'mentioning “Dalek”',
      'untagged counts as new',
      'once a week',
    ]);
    expect(ruleDetails(series({ minDurationMin: 20 }))).toEqual(['at least 20 min']);
    expect(ruleDetails(series({ dedupe: 'none' }))).toEqual(['repeats of an episode too']);
    expect(
      ruleDetails(time({ durationMs: 90 * 60_000, from: '2026-12-01', until: '2026-12-24', title: 'News' })),
    ).toEqual(['1 h 30 min each', 'from 2026-12-01', 'until 2026-12-24', 'titled “News”']);
  });
});
