// Grouping for the lists: the upcoming list by local day, the library by show. Pure: the tests feed them
// plain objects, and the lists render whatever comes out.
import type { Recording } from '../../../../src-shared/domain';
import { startOfDay } from '../../../ui/format';

export interface DayGroup<T> {
  /** Local midnight of the day. */
  day: number;
  items: T[];
}

/**
 * Items by the local day of `at`, days in order (earliest first unless `descending`), items in the
 * order given inside each day: callers sort first, so a sort by title stays a sort by title per day.
 */
export function groupByDay<T>(
  items: readonly T[],
  at: (item: T) => number,
  descending = false,
): Array<DayGroup<T>> {
  const byDay = new Map<number, T[]>();
  for (const item of items) {
    const day = startOfDay(at(item));
    const list = byDay.get(day);
    if (list) list.push(item);
    else byDay.set(day, [item]);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => (descending ? b - a : a - b))
    .map(([day, list]) => ({ day, items: list }));
}

export interface ShowGroup {
  /** The title as shown (from the newest recording of the show). */
  title: string;
  /** Case, spacing and punctuation folded: "Doctor Who" and "doctor who " are one show. */
  key: string;
  /** The newest recording's time. */
  latest: number;
  items: Recording[];
  totalBytes: number;
}

export function showKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** When a finished recording happened: its actual start, else its scheduled one. */
export function recordedAt(r: Recording): number {
  return r.actualStartAt ?? r.startAt - r.padBeforeMs;
}

export type ShowOrder = 'newest' | 'oldest' | 'title' | 'channel';

/**
 * Finished recordings by show. Inside a show the newest comes first ("oldest" turns that round);
 * shows are ordered by their newest recording, by title, or by the channel they were last recorded on.
 */
export function groupByShow(recordings: readonly Recording[], order: ShowOrder = 'newest'): ShowGroup[] {
  const groups = new Map<string, ShowGroup>();
  for (const r of recordings) {
    const key = showKey(r.title) || r.title;
    let group = groups.get(key);
    if (!group) {
      group = { title: r.title, key, latest: -Infinity, items: [], totalBytes: 0 };
      groups.set(key, group);
    }
    group.items.push(r);
    group.totalBytes += r.sizeBytes ?? 0;
  }
  const oldestFirst = order === 'oldest';
  for (const group of groups.values()) {
    group.items.sort((a, b) => (recordedAt(b) - recordedAt(a) || b.id - a.id) * (oldestFirst ? -1 : 1));
    const newest = oldestFirst ? group.items[group.items.length - 1]! : group.items[0]!;
    group.latest = recordedAt(newest);
    group.title = newest.title;
  }
  const list = [...groups.values()];
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const channelOf = (g: ShowGroup) => g.items[0]?.channelName ?? '';
  list.sort((a, b) => {
    switch (order) {
      case 'title':
        return collator.compare(a.title, b.title);
      case 'channel':
        return collator.compare(channelOf(a), channelOf(b)) || b.latest - a.latest;
      case 'oldest':
        return a.latest - b.latest;
      default:
        return b.latest - a.latest;
    }
  });
  return list;
}
