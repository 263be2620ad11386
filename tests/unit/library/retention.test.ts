// Which recordings cleanup chooses (library/retention.ts), as a pure function: per rule keep the last N,
// older than keepDays, keepFreeGiB (watched first, then oldest), protected never; the same choice
// whatever order the library comes in.
import { describe, expect, it } from 'vitest';
import {
  chooseDeletions,
  GIB,
  type LibraryItem,
  type RetentionPolicy,
} from '../../../src-main/core/library/retention';

const DAY = 24 * 3600_000;
const NOW = Date.UTC(2026, 10, 26, 12);

function item(id: number, o: Partial<LibraryItem> & { daysAgo: number }): LibraryItem {
  const startAt = NOW - o.daysAgo * DAY;
  return {
    id,
    title: `R${id}`,
    status: 'completed',
    ruleId: null,
    startAt,
    endedAt: startAt + 3600_000,
    bytes: GIB,
    path: `/tv/R${id}.ts`,
    protected: false,
    watchedAt: null,
    ...o,
  };
}

const policy = (p: Partial<RetentionPolicy>): RetentionPolicy => ({
  keepDays: null,
  keepFreeBytes: null,
  keepLast: new Map(),
  ...p,
});

const ids = (plan: ReturnType<typeof chooseDeletions>) => plan.chosen.map((c) => c.item.id);

// Rule 1 keeps its last 2. Its completed episodes 1-4, a failed one, and a protected old one.
const library: LibraryItem[] = [
  item(1, { ruleId: 1, daysAgo: 10 }),
  item(2, { ruleId: 1, daysAgo: 5 }),
  item(3, { ruleId: 1, daysAgo: 3, bytes: 2 * GIB, watchedAt: NOW - DAY }),
  item(4, { ruleId: 1, daysAgo: 1, bytes: 2 * GIB }),
  item(5, { ruleId: 1, daysAgo: 20, status: 'failed', bytes: 0, path: null }),
  item(6, { ruleId: 1, daysAgo: 30, protected: true }),
  item(7, { daysAgo: 8 }), // by hand
  item(8, { daysAgo: 2, bytes: 3 * GIB }), // by hand, unwatched
  item(9, { daysAgo: 0.5, bytes: 4 * GIB, watchedAt: NOW - 3600_000 }), // by hand, watched
];
const keepTwo = new Map([[1, { count: 2, name: 'Drama' }]]);

describe('retention: what cleanup chooses', () => {
  it('nothing without a policy', () => {
    expect(chooseDeletions(library, policy({}), NOW, 0)).toEqual({
      chosen: [],
      freedBytes: 0,
      shortfallBytes: 0,
    });
  });

  it('keep-last: the rule keeps its 2 newest completed; failed and protected ones are not counted', () => {
    const plan = chooseDeletions(library, policy({ keepLast: keepTwo }), NOW, null);
    expect(ids(plan)).toEqual([1, 2]);
    expect(plan.chosen.map((c) => [c.reason, c.detail])).toEqual([
      ['keep-last', 'rule "Drama" keeps its last 2'],
      ['keep-last', 'rule "Drama" keeps its last 2'],
    ]);
    expect(plan.freedBytes).toBe(2 * GIB);
  });

  it('older-than: every finished recording that ended before the days, failed ones included, never a protected one', () => {
    const plan = chooseDeletions(library, policy({ keepDays: 7 }), NOW, null);
    expect(ids(plan)).toEqual([5, 1, 7]);
    expect(plan.chosen[0]!.detail).toBe('ended more than 7 days ago');
    expect(chooseDeletions(library, policy({ keepDays: 1 }), NOW, null).chosen[0]!.detail).toBe(
      'ended more than 1 day ago',
    );
  });

  it('free-space only when needed: watched first, then unwatched, oldest first, until the target is free', () => {
    const target = 10 * GIB;
    // keep-last frees 1 and 2, older-than 5 and 7: 3 GiB; 1 GiB was free: 6 GiB more are needed.
    const plan = chooseDeletions(
      library,
      policy({ keepLast: keepTwo, keepDays: 7, keepFreeBytes: target }),
      NOW,
      GIB,
    );
    expect(ids(plan)).toEqual([1, 2, 5, 7, 3, 9]);
    expect(plan.chosen.slice(4).map((c) => c.detail)).toEqual([
      'to keep 10 GiB free (watched)',
      'to keep 10 GiB free (watched)',
    ]);
    expect(plan.freedBytes).toBe(9 * GIB);
    expect(plan.shortfallBytes).toBe(0);
    // Enough free already: nothing for space.
    expect(ids(chooseDeletions(library, policy({ keepFreeBytes: target }), NOW, target))).toEqual([]);
    // Free space unknown: nothing for space either (cleanup never guesses).
    expect(ids(chooseDeletions(library, policy({ keepFreeBytes: target }), NOW, null))).toEqual([]);
  });

  it('a target it cannot reach: everything but the protected, and how much is still missing', () => {
    const plan = chooseDeletions(library, policy({ keepFreeBytes: 20 * GIB }), NOW, 0);
    // Watched 3, 9; then unwatched by age 1, 7, 2, 8, 4 (5 takes no space, 6 is protected).
    expect(ids(plan)).toEqual([3, 9, 1, 7, 2, 8, 4]);
    expect(plan.freedBytes).toBe(14 * GIB);
    expect(plan.shortfallBytes).toBe(6 * GIB);
  });

  it('chooses the same whatever order the library comes in', () => {
    const p = policy({ keepLast: keepTwo, keepDays: 7, keepFreeBytes: 12 * GIB });
    const expected = ids(chooseDeletions(library, p, NOW, GIB));
    for (let seed = 1; seed <= 5; seed++) {
      const shuffled = [...library].sort((a, b) => ((a.id * 7919 * seed) % 13) - ((b.id * 7919 * seed) % 13));
      expect(ids(chooseDeletions(shuffled, p, NOW, GIB))).toEqual(expected);
    }
  });
});
