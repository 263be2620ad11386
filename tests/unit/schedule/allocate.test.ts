import { describe, expect, it } from 'vitest';
import { listNames, ordinal } from '../../../src-main/core/schedule/allocate-reason';
import { allocate } from '../../../src-main/core/schedule/allocate';
import type {
  ChannelOption,
  ConnectionGroup,
  Placement,
  Want,
} from '../../../src-main/core/schedule/plan-types';

const MIN = 60_000;
/** 2026-03-01 18:00 UTC; `at(2)` is 20:00. */
const at = (hours: number, minutes = 0) => Date.UTC(2026, 2, 1, 18 + hours, minutes);

const X: ChannelOption = { channelId: 1, channelName: 'X One', group: 'x' };
const X2: ChannelOption = { channelId: 2, channelName: 'X Two', group: 'x' };
const Y: ChannelOption = { channelId: 10, channelName: 'Y One', group: 'y' };

function groupsOf(...list: ConnectionGroup[]): Map<string, ConnectionGroup> {
  return new Map(list.map((g) => [g.key, g]));
}
const provider = (limit: number | null, key = 'x', name = 'Provider X') => ({ key, name, limit });

function want(id: string, start: number, end: number, extra: Partial<Want> = {}): Want {
  return {
    id,
    label: id,
    priority: 0,
    start,
    end,
    channels: [X],
    alternatives: [],
    fixed: false,
    ...extra,
  };
}

type Placed = Extract<Placement, { kind: 'placed' }>;
type Conflict = Extract<Placement, { kind: 'conflict' }>;

function byId(placements: Placement[]): Record<string, Placement> {
  return Object.fromEntries(placements.map((p) => [p.want, p]));
}
const placedIds = (placements: Placement[]) =>
  placements.filter((p) => p.kind === 'placed').map((p) => p.want);
function conflict(p: Placement | undefined): Conflict {
  if (p?.kind !== 'conflict') throw new Error(`expected a conflict, got ${JSON.stringify(p)}`);
  return p;
}
function placed(p: Placement | undefined): Placed {
  if (p?.kind !== 'placed') throw new Error(`expected a placement, got ${JSON.stringify(p)}`);
  return p;
}

describe('allocate', () => {
  const three = () => [
    want('a', at(0), at(2), { priority: 3 }),
    want('b', at(0, 30), at(2), { priority: 2 }),
    want('c', at(1), at(3), { priority: 1 }),
  ];

  it('limit 1: one of three overlapping wants records', () => {
    const result = allocate(three(), groupsOf(provider(1)));
    expect(placedIds(result)).toEqual(['a']);
    expect(conflict(result[1]).holders).toEqual(['a']);
    expect(conflict(result[2]).holders).toEqual(['a']);
  });

  it('limit 2: two of three overlapping wants record', () => {
    const result = allocate(three(), groupsOf(provider(2)));
    expect(placedIds(result)).toEqual(['a', 'b']);
    expect(conflict(result[2]).holders).toEqual(['a', 'b']);
  });

  it('places in priority order, whatever the start', () => {
    const result = byId(
      allocate(
        [want('early-low', at(0), at(2), { priority: 1 }), want('late-high', at(1), at(2), { priority: 5 })],
        groupsOf(provider(1)),
      ),
    );
    expect(result['late-high']?.kind).toBe('placed');
    expect(conflict(result['early-low']).holders).toEqual(['late-high']);
  });

  it('equal priority: earlier start wins, then the smaller id', () => {
    const starts = byId(
      allocate([want('b', at(1), at(2)), want('a', at(0, 30), at(2))], groupsOf(provider(1))),
    );
    expect(starts['a']?.kind).toBe('placed');
    expect(starts['b']?.kind).toBe('conflict');
    const ids = byId(allocate([want('b', at(1), at(2)), want('a', at(1), at(2))], groupsOf(provider(1))));
    expect(ids['a']?.kind).toBe('placed');
    expect(ids['b']?.kind).toBe('conflict');
  });

  it('an alternative airing takes the loser, the earliest that fits', () => {
    const loser = want('loser', at(0), at(1), {
      alternatives: [
        { key: 'late', start: at(4), end: at(5), channels: [X] },
        { key: 'busy', start: at(0, 30), end: at(1, 30), channels: [X] },
        { key: 'free', start: at(2), end: at(3), channels: [X] },
      ],
    });
    const result = allocate(
      [want('winner', at(0), at(1, 30), { priority: 9 }), loser],
      groupsOf(provider(1)),
    );
    expect(placed(result[1])).toEqual({
      want: 'loser',
      kind: 'placed',
      channelId: 1,
      group: 'x',
      alternative: 'free',
      start: at(2),
      end: at(3),
    });
  });

  it('another source carrying the channel takes it, before any other airing', () => {
    const loser = want('loser', at(0), at(1), {
      channels: [X, X2, Y],
      alternatives: [{ key: 'later', start: at(2), end: at(3), channels: [X] }],
    });
    const result = allocate(
      [want('winner', at(0), at(1), { priority: 9 }), loser],
      groupsOf(provider(1), provider(1, 'y', 'Provider Y')),
    );
    // X2 is the same account as X (full); Y is another account at the same time.
    expect(placed(result[1])).toMatchObject({ channelId: 10, group: 'y', alternative: null, start: at(0) });
  });

  it('keeps recordings under way even over the limit, and says so to whoever cannot fit', () => {
    const result = byId(
      allocate(
        [
          want('new', at(0), at(1), { priority: 100 }),
          want('rec1', at(-1), at(1), { fixed: true, label: 'News' }),
          want('rec2', at(-1), at(2), { fixed: true, label: 'Film' }),
        ],
        groupsOf(provider(1)),
      ),
    );
    expect(result['rec1']?.kind).toBe('placed');
    expect(result['rec2']?.kind).toBe('placed');
    const c = conflict(result['new']);
    expect(c.holders).toEqual(['rec1', 'rec2']);
    expect(c.reason).toBe(
      'needs a 3rd connection to Provider X at 18:00, held by News and Film ' +
        '(Provider X allows 1 connection; recordings already under way keep theirs)',
    );
  });

  it('a fixed want stays on its own channel at its own time', () => {
    const rec = want('rec', at(0), at(1), {
      fixed: true,
      channels: [X, Y],
      alternatives: [{ key: 'alt', start: at(3), end: at(4), channels: [Y] }],
    });
    expect(placed(allocate([rec], groupsOf(provider(0)))[0])).toMatchObject({
      channelId: 1,
      alternative: null,
    });
  });

  it('unlimited groups (limit null, or not listed) take everything', () => {
    const wants = Array.from({ length: 50 }, (_, i) =>
      want(`w${i}`, at(0), at(1), { channels: [i % 2 ? X : Y] }),
    );
    const result = allocate(wants, groupsOf(provider(null)));
    expect(result.every((p) => p.kind === 'placed')).toBe(true);
  });

  it('back-to-back windows [a,b) and [b,c) share one connection', () => {
    const result = allocate(
      [want('first', at(0), at(1)), want('second', at(1), at(2)), want('third', at(2), at(3))],
      groupsOf(provider(1)),
    );
    expect(placedIds(result)).toEqual(['first', 'second', 'third']);
    // ...but one millisecond of overlap does not.
    const overlap = allocate(
      [want('first', at(0), at(1) + 1), want('second', at(1), at(2))],
      groupsOf(provider(1)),
    );
    expect(conflict(overlap[1]).reason).toMatch(
      /^needs a 2nd connection to Provider X at 19:00, held by first/,
    );
  });

  it('names the holders at the first instant the group is full, in the given time format', () => {
    const result = allocate(
      [
        want('late', at(0), at(4), { priority: 1, label: 'Late Show' }),
        want('a', at(0, 30), at(3), { priority: 5, label: 'A' }),
        want('b', at(2), at(3), { priority: 5, label: 'B' }),
        want('gone', at(-3), at(-2), { priority: 5, label: 'Gone' }),
      ],
      groupsOf(provider(2)),
      (ms) => `${new Date(ms).getUTCHours() + 1}h (CET)`,
    );
    const c = conflict(result[0]);
    expect(c.reason).toBe('needs a 3rd connection to Provider X at 21h (CET), held by A and B');
    expect(c.holders).toEqual(['a', 'b']);
    expect(c.group).toBe('x');
    expect(c.at).toBe(at(2));
  });

  it('finds the holder of a full instant inside a window of weeks', () => {
    const result = allocate(
      [
        want('marathon', at(-24 * 20), at(24 * 10), { fixed: true, label: 'Marathon' }),
        want('short', at(0), at(1), { label: 'Short' }),
        want('inside', at(0, 30), at(3)),
      ],
      groupsOf(provider(2)),
    );
    expect(placed(result[1]).start).toBe(at(0));
    expect(conflict(result[2]).reason).toBe(
      'needs a 3rd connection to Provider X at 18:30, held by Marathon and Short',
    );
    const full = allocate(
      [
        want('marathon', at(-24 * 20), at(24 * 10), { fixed: true, label: 'Marathon' }),
        want('x', at(0), at(1)),
      ],
      groupsOf(provider(1)),
    );
    expect(conflict(full[1]).holders).toEqual(['marathon']);
  });

  it('the default time format is HH:MM in UTC', () => {
    const result = allocate(
      [want('a', at(0), at(3), { priority: 1 }), want('b', at(1, 5), at(2))],
      groupsOf(provider(1)),
    );
    expect(conflict(result[1]).reason).toBe('needs a 2nd connection to Provider X at 19:05, held by a');
  });

  it('says what else was tried', () => {
    const result = allocate(
      [
        want('w', at(0), at(5), { priority: 9, channels: [X, Y] }),
        want('loser', at(1), at(2), {
          channels: [X, Y],
          alternatives: [
            { key: 'p', start: at(2), end: at(3), channels: [X] },
            { key: 'q', start: at(3), end: at(4), channels: [Y] },
          ],
        }),
        want('y', at(0), at(5), { priority: 9, channels: [Y] }),
      ],
      groupsOf(provider(1), provider(1, 'y', 'Provider Y')),
    );
    expect(conflict(result[1]).reason).toBe(
      'needs a 2nd connection to Provider X at 19:00, held by w; ' +
        'no free connection for its other channel or its 2 other airings either',
    );
  });

  it('a group that allows none, and a want without any channel', () => {
    const result = allocate(
      [want('a', at(0), at(1)), want('nothing', at(0), at(1), { channels: [] })],
      groupsOf(provider(0)),
    );
    expect(conflict(result[0]).reason).toBe('needs a connection to Provider X at 18:00, which allows none');
    expect(conflict(result[1])).toMatchObject({ reason: 'has no channel to record from', group: null });
  });

  it('is deterministic: any input order gives the same placements, returned in input order', () => {
    const wants = randomWants(300, 7);
    const groups = groupsOf(provider(2), provider(1, 'y', 'Provider Y'));
    const reference = byId(allocate(wants, groups));
    for (let seed = 1; seed <= 5; seed++) {
      const shuffled = shuffle(wants, seed);
      const result = allocate(shuffled, groups);
      expect(result.map((p) => p.want)).toEqual(shuffled.map((w) => w.id));
      expect(byId(result)).toEqual(reference);
    }
  });

  it('matches a naive allocator on random plans and never exceeds a limit', () => {
    const groups = groupsOf(provider(2), provider(1, 'y', 'Provider Y'), provider(3, 'z', 'Provider Z'));
    for (let seed = 1; seed <= 20; seed++) {
      const wants = randomWants(200, seed);
      const result = allocate(wants, groups);
      const withoutReasons = result.map((p) =>
        p.kind === 'conflict' ? { ...p, reason: '(not compared)' } : p,
      );
      expect(withoutReasons).toEqual(naiveAllocate(wants, groups));
      expect(result.filter((p) => p.kind === 'conflict').length).toBeGreaterThan(0);
      expect(result.some((p) => p.kind === 'placed' && p.alternative !== null)).toBe(true);
      expectWithinLimits(wants, result, groups);
    }
  });
});

describe('reason wording', () => {
  it('ordinals', () => {
    const cases = [1, 2, 3, 4, 10, 11, 12, 13, 21, 22, 23, 101, 111, 112, 113];
    expect(cases.map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '10th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
      '112th',
      '113th',
    ]);
  });

  it('lists of names', () => {
    expect(listNames(['A'])).toBe('A');
    expect(listNames(['A', 'B'])).toBe('A and B');
    expect(listNames(['A', 'B', 'C', 'D'])).toBe('A, B, C and D');
    expect(listNames(['A', 'B', 'C', 'D', 'E', 'F'])).toBe('A, B, C and 3 others');
  });
});

// ---------------------------------------------------------------------------------------------
// Random plans and a brute-force reference: the same rules, checked instant by instant.

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function shuffle<T>(list: readonly T[], seed: number): T[] {
  const next = rng(seed * 7919);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const CHANNELS = [
  X,
  X2,
  Y,
  { channelId: 20, channelName: 'Z', group: 'z' },
  { channelId: 30, channelName: 'U', group: 'u' },
];

function randomWants(n: number, seed: number): Want[] {
  const next = rng(seed);
  const pick = () => CHANNELS[Math.floor(next() * CHANNELS.length)]!;
  // Half-hour steps over two days, so windows often touch and overlap exactly.
  const slot = () => at(0) + Math.floor(next() * 96) * 30 * MIN;
  return Array.from({ length: n }, (_, i) => {
    const start = slot();
    const end = start + (1 + Math.floor(next() * 6)) * 30 * MIN;
    const channels = [pick(), ...(next() < 0.3 ? [pick()] : [])];
    const alternatives =
      next() < 0.3
        ? Array.from({ length: 1 + Math.floor(next() * 3) }, (_, k) => {
            const s = slot();
            return { key: `${i}-alt${k}`, start: s, end: s + (end - start), channels: [pick()] };
          })
        : [];
    return want(`w${String(i).padStart(4, '0')}`, start, end, {
      priority: Math.floor(next() * 4),
      channels,
      alternatives,
      fixed: next() < 0.05,
    });
  });
}

/** O(n²) greedy with the documented order, checking every instant where a count can change. */
function naiveAllocate(wants: readonly Want[], groups: ReadonlyMap<string, ConnectionGroup>): Placement[] {
  const taken: Array<{ group: string; start: number; end: number; want: Want }> = [];
  const countAt = (group: string, t: number) =>
    taken.filter((h) => h.group === group && h.start <= t && t < h.end);
  const fullAt = (group: string, start: number, end: number): number | null => {
    const limit = groups.get(group)?.limit ?? null;
    if (limit === null || end <= start) return null;
    const instants = [start, ...taken.filter((h) => h.group === group).map((h) => h.start)]
      .filter((t) => t >= start && t < end)
      .sort((a, b) => a - b);
    return instants.find((t) => countAt(group, t).length >= limit) ?? null;
  };
  const order = [...wants.keys()].sort((i, j) => {
    const a = wants[i]!;
    const b = wants[j]!;
    if (a.fixed !== b.fixed) return a.fixed ? -1 : 1;
    return b.priority - a.priority || a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || i - j;
  });
  const out: Placement[] = [];
  for (const i of order) {
    const w = wants[i]!;
    const own = (w.fixed ? w.channels.slice(0, 1) : w.channels).map((c) => ({
      c,
      start: w.start,
      end: w.end,
      alt: null as string | null,
    }));
    const alts = w.fixed
      ? []
      : [...w.alternatives]
          .sort((a, b) => a.start - b.start || (a.key < b.key ? -1 : 1))
          .flatMap((a) =>
            a.channels.map((c) => ({ c, start: a.start, end: a.end, alt: a.key as string | null })),
          );
    const options = [...own, ...alts];
    const chosen = w.fixed ? options[0] : options.find((o) => fullAt(o.c.group, o.start, o.end) === null);
    if (chosen) {
      if (chosen.end > chosen.start)
        taken.push({ group: chosen.c.group, start: chosen.start, end: chosen.end, want: w });
      out[i] = {
        want: w.id,
        kind: 'placed',
        channelId: chosen.c.channelId,
        group: chosen.c.group,
        alternative: chosen.alt,
        start: chosen.start,
        end: chosen.end,
      };
    } else {
      const first = options[0]!;
      const t = fullAt(first.c.group, first.start, first.end)!;
      const holders = countAt(first.c.group, t)
        .sort((a, b) => a.start - b.start || (a.want.id < b.want.id ? -1 : 1))
        .map((h) => h.want);
      out[i] = {
        want: w.id,
        kind: 'conflict',
        reason: '(not compared)',
        holders: holders.map((h) => h.id),
        group: first.c.group,
        at: t,
      };
    }
  }
  return out;
}

/** At every instant a group is within its limit, or held by recordings under way alone. */
function expectWithinLimits(
  wants: readonly Want[],
  placements: readonly Placement[],
  groups: ReadonlyMap<string, ConnectionGroup>,
): void {
  const fixed = new Set(wants.filter((w) => w.fixed).map((w) => w.id));
  const held = placements.filter((p): p is Placed => p.kind === 'placed');
  // A count over windows peaks at some window's start, so those are the instants to check.
  for (const p of held) {
    const limit = groups.get(p.group)?.limit ?? null;
    if (limit === null) continue;
    const then = held.filter((h) => h.group === p.group && h.start <= p.start && p.start < h.end);
    if (then.length > limit) expect(then.filter((h) => !fixed.has(h.want))).toEqual([]);
  }
}
