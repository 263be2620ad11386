// Connection allocation: which wants get one of their provider's limited connections, on which channel
// and at which airing, and why the others cannot. Pure: no database, no clock; the same wants and
// groups give the same placements, whatever order they come in (docs/scheduling.md, Connections).
import { conflictReason, utcHourMinute, type TimeFormatter } from './allocate-reason';
import { CountTree } from './count-tree';
import type { ChannelOption, ConnectionGroup, Placement, Want } from './plan-types';

export { utcHourMinute, type TimeFormatter } from './allocate-reason';

/** One way a want could record: a channel at a time (its own airing, or an alternative's). */
interface Option {
  channel: ChannelOption;
  start: number;
  end: number;
  alternative: string | null;
}

/** See LimitedGroup.held. */
const HELD_BUCKET_MS = 3_600_000;

interface Held {
  start: number;
  end: number;
  want: Want;
}

/** A group with a limit: its connection count over time, and who holds them (for reasons). */
class LimitedGroup {
  /** Every instant an option of this group starts or ends at; sorted and unique once sealed. */
  private noted: number[] = [];
  private points = new Float64Array(0);
  private tree = new CountTree(0);
  /**
   * Placed windows by the hour they start in, to name the holders of a full instant: only the buckets
   * from `longest` before it can hold one still running. (Cheaper than a list sorted by start, which
   * needs a splice per placement.)
   */
  private readonly held = new Map<number, Held[]>();
  private longest = 0;

  constructor(readonly group: ConnectionGroup & { limit: number }) {}

  note(start: number, end: number): void {
    this.noted.push(start, end);
  }

  /** Called once every instant is noted: compresses them and sizes the tree. */
  seal(): void {
    // A typed array sorts numerically, without a comparator call per comparison.
    const sorted = Float64Array.from(this.noted).sort();
    let unique = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (unique === 0 || sorted[i] !== sorted[unique - 1]) sorted[unique++] = sorted[i]!;
    }
    this.points = sorted.subarray(0, unique);
    this.noted = [];
    this.tree = new CountTree(Math.max(0, unique - 1));
  }

  fits(start: number, end: number): boolean {
    return this.tree.maxIn(this.index(start), this.index(end)) < this.group.limit;
  }

  take(want: Want, start: number, end: number): void {
    this.tree.addRange(this.index(start), this.index(end), 1);
    const bucket = Math.floor(start / HELD_BUCKET_MS);
    const list = this.held.get(bucket);
    if (list) list.push({ start, end, want });
    else this.held.set(bucket, [{ start, end, want }]);
    this.longest = Math.max(this.longest, end - start);
  }

  /** The first instant of [start, end) that is full, and who holds the connections then. */
  fullAt(start: number, end: number): { at: number; holders: Want[] } | null {
    const index = this.tree.firstAtLeast(this.index(start), this.index(end), this.group.limit);
    if (index === -1) return null;
    const at = this.points[index]!;
    const holders: Held[] = [];
    const first = Math.floor((at - this.longest) / HELD_BUCKET_MS);
    const last = Math.floor(at / HELD_BUCKET_MS);
    const running = (held: Held) => held.start <= at && at < held.end;
    if (last - first > this.held.size) {
      // A window of weeks: fewer buckets in use than hours to scan.
      for (const list of this.held.values()) holders.push(...list.filter(running));
    } else {
      for (let bucket = first; bucket <= last; bucket++) {
        for (const held of this.held.get(bucket) ?? []) if (running(held)) holders.push(held);
      }
    }
    holders.sort((a, b) => a.start - b.start || compareIds(a.want.id, b.want.id));
    return { at, holders: holders.map((h) => h.want) };
  }

  private index(instant: number): number {
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid]! < instant) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Code-unit order, not locale order: the result must not depend on the machine's language. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Fixed wants first, then higher priority, earlier start, smaller id. */
function placementOrder(a: Want, b: Want): number {
  if (a.fixed !== b.fixed) return a.fixed ? -1 : 1;
  return b.priority - a.priority || a.start - b.start || compareIds(a.id, b.id);
}

/**
 * Every way a want could record, in the order they are tried: its own airing on its own channel, on
 * its other channels (other sources carrying the same guide channel), then each other airing of the
 * episode, earliest first, on each of its channels. A fixed want is recording already: its own only.
 */
function optionsOf(want: Want): Option[] {
  const list: Option[] = [];
  const own = want.fixed ? want.channels.slice(0, 1) : want.channels;
  for (const channel of own) list.push({ channel, start: want.start, end: want.end, alternative: null });
  if (want.fixed || want.alternatives.length === 0) return list;
  const alternatives = [...want.alternatives].sort((a, b) => a.start - b.start || compareIds(a.key, b.key));
  for (const alt of alternatives) {
    for (const channel of alt.channels) {
      list.push({ channel, start: alt.start, end: alt.end, alternative: alt.key });
    }
  }
  return list;
}

/**
 * Gives each want one connection of its channel's group for its whole padded window [start, end), or
 * says why not. A window that ends exactly when another starts does not overlap it: back-to-back
 * recordings share a connection. Groups missing from `groups`, and groups whose limit is null, are
 * unlimited.
 *
 * Order: fixed wants (already recording) are placed unconditionally, even over the limit (a capture is
 * never stopped to make room); then by priority (higher first), earlier start, id. A want that does not
 * fit on its own channel tries its other channels at the same time, then its alternatives; the first
 * that fits wins. What still does not fit is a conflict naming the holders of its own channel's group
 * at the first instant that group is full.
 *
 * The placements come back in the order of `wants`.
 */
export function allocate(
  wants: readonly Want[],
  groups: ReadonlyMap<string, ConnectionGroup>,
  formatTime: TimeFormatter = utcHourMinute,
): Placement[] {
  const limited = new Map<string, LimitedGroup>();
  const limitedOf = (key: string): LimitedGroup | null => {
    const known = limited.get(key);
    if (known) return known;
    const group = groups.get(key);
    if (!group || group.limit === null) return null;
    const created = new LimitedGroup({ ...group, limit: group.limit });
    limited.set(key, created);
    return created;
  };

  // By position in `wants`, so the same Want object twice is two wants, as it was given.
  const options = wants.map(optionsOf);
  options.forEach((list) => {
    for (const option of list) limitedOf(option.channel.group)?.note(option.start, option.end);
  });
  for (const group of limited.values()) group.seal();

  const placements: Placement[] = new Array<Placement>(wants.length);
  const fits = (option: Option): boolean =>
    option.end <= option.start || (limited.get(option.channel.group)?.fits(option.start, option.end) ?? true);
  const order = wants.map((_, index) => index).sort((a, b) => placementOrder(wants[a]!, wants[b]!) || a - b);
  for (const index of order) {
    const want = wants[index]!;
    const list = options[index]!;
    const chosen = want.fixed ? list[0] : list.find(fits);
    if (!chosen) {
      placements[index] = conflictOf(want, list, limited, formatTime);
      continue;
    }
    // An empty window (end at or before start) needs no connection at any instant.
    if (chosen.end > chosen.start) limited.get(chosen.channel.group)?.take(want, chosen.start, chosen.end);
    placements[index] = {
      want: want.id,
      kind: 'placed',
      channelId: chosen.channel.channelId,
      group: chosen.channel.group,
      alternative: chosen.alternative,
      start: chosen.start,
      end: chosen.end,
    };
  }
  return placements;
}

function conflictOf(
  want: Want,
  list: readonly Option[],
  limited: ReadonlyMap<string, LimitedGroup>,
  formatTime: TimeFormatter,
): Placement {
  // The reason speaks of the first choice (its own channel, else its first alternative): that is what
  // the user asked for; the others are summed up after it.
  const first = list[0];
  const group = first ? limited.get(first.channel.group) : undefined;
  const full = first && group ? group.fullAt(first.start, first.end) : null;
  // Only a want without any channel gets here without a full group: an option on an unlimited group,
  // or with room in a limited one, would have been placed.
  if (!first || !group || !full) {
    return {
      want: want.id,
      kind: 'conflict',
      reason: 'has no channel to record from',
      holders: [],
      group: first?.channel.group ?? null,
      at: null,
    };
  }
  const reason = conflictReason(
    {
      groupName: group.group.name,
      limit: group.group.limit,
      at: full.at,
      holders: full.holders.map((holder) => holder.label),
      overLimitByRecordings: full.holders.some((holder) => holder.fixed),
      otherChannels: Math.max(0, want.channels.length - 1),
      otherAirings: want.alternatives.length,
    },
    formatTime,
  );
  return {
    want: want.id,
    kind: 'conflict',
    reason,
    holders: full.holders.map((holder) => holder.id),
    group: first.channel.group,
    at: full.at,
  };
}
