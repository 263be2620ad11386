// Filtering and sorting shared by the four tabs, kept in the address (?q=&channel=&rule=&from=&to=&sort=)
// so a reload or a link shows the same list.
import { showKey } from './grouping';

export const SORTS = ['date', 'date-desc', 'title', 'channel'] as const;
export type SortKey = (typeof SORTS)[number];

export interface Filters {
  /** Words the title (or sub-title) must contain, case and accents ignored. */
  q: string;
  channel: number | null;
  /** A rule's id, or 'manual' for recordings scheduled by hand. */
  rule: number | 'manual' | null;
  /** Local dates, YYYY-MM-DD, both inclusive. */
  from: string | null;
  to: string | null;
  /** Empty: the tab's own order (upcoming soonest first, the others newest first). */
  sort: SortKey | null;
}

export const NO_FILTERS: Filters = { q: '', channel: null, rule: null, from: null, to: null, sort: null };

/** What a list item shows of itself to the filters. */
export interface Filterable {
  title: string;
  subTitle?: string | null;
  channelId: number | null;
  channelName: string | null;
  ruleId: number | null;
  at: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function positiveInt(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

export function readFilters(params: URLSearchParams): Filters {
  const rule = params.get('rule');
  const from = params.get('from');
  const to = params.get('to');
  const sort = params.get('sort');
  return {
    q: params.get('q') ?? '',
    channel: positiveInt(params.get('channel')),
    rule: rule === 'manual' ? 'manual' : positiveInt(rule),
    from: from && DATE.test(from) ? from : null,
    to: to && DATE.test(to) ? to : null,
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : null,
  };
}

/** The address's parameters with these filters (other parameters, such as the tab, are kept). */
export function writeFilters(params: URLSearchParams, filters: Filters): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string | null) => {
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
  };
  set('q', filters.q.trim() === '' ? null : filters.q);
  set('channel', filters.channel === null ? null : String(filters.channel));
  set('rule', filters.rule === null ? null : String(filters.rule));
  set('from', filters.from);
  set('to', filters.to);
  set('sort', filters.sort);
  return next;
}

export function isFiltered(filters: Filters): boolean {
  return (
    filters.q.trim() !== '' ||
    filters.channel !== null ||
    filters.rule !== null ||
    filters.from !== null ||
    filters.to !== null
  );
}

/** Local midnight of a YYYY-MM-DD date, or of a day after it. */
export function localDate(value: string, plusDays = 0): number {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).getTime();
}

export function applyFilters<T>(items: readonly T[], filters: Filters, view: (item: T) => Filterable): T[] {
  const words = showKey(filters.q).split(' ').filter(Boolean);
  const from = filters.from ? localDate(filters.from) : -Infinity;
  // The whole of the last day, up to the next local midnight (not +24 h: a DST day has 23 or 25).
  const to = filters.to ? localDate(filters.to, 1) : Infinity;
  return items.filter((item) => {
    const v = view(item);
    if (filters.channel !== null && v.channelId !== filters.channel) return false;
    if (filters.rule === 'manual' && v.ruleId !== null) return false;
    if (typeof filters.rule === 'number' && v.ruleId !== filters.rule) return false;
    if (v.at < from || v.at >= to) return false;
    if (words.length > 0) {
      const text = showKey(`${v.title} ${v.subTitle ?? ''}`);
      if (!words.every((w) => text.includes(w))) return false;
    }
    return true;
  });
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A sorted copy: by time (either way), by title, or by channel name, then time. */
export function sortItems<T>(items: readonly T[], sort: SortKey, view: (item: T) => Filterable): T[] {
  const keyed = items.map((item) => ({ item, v: view(item) }));
  keyed.sort((a, b) => {
    switch (sort) {
      case 'date-desc':
        return b.v.at - a.v.at;
      case 'title':
        return collator.compare(a.v.title, b.v.title) || a.v.at - b.v.at;
      case 'channel':
        return collator.compare(a.v.channelName ?? '', b.v.channelName ?? '') || a.v.at - b.v.at;
      default:
        return a.v.at - b.v.at;
    }
  });
  return keyed.map((k) => k.item);
}
