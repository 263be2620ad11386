// The channel list's query as it lives in the address (?q=&group=&source=&guide=&page=), so a reload or
// a link (a source card's "Channels") lands on the same list, and its channels.search input.
import type { CommandInput } from '../../../src-shared/contract';

export const PAGE_SIZE = 100;

export type GuideFilter = '' | 'mapped' | 'unmapped';

export interface ChannelQuery {
  q: string;
  /** '' any group; '\u0000none' channels without a group; else the group's name. */
  group: string;
  source: number | null;
  guide: GuideFilter;
  /** '' both; 'on' only channels turned on; 'off' only those turned off. */
  state: '' | 'on' | 'off';
  /** 1-based. */
  page: number;
}

export const NO_GROUP = '\u0000none';

export function queryFrom(params: URLSearchParams): ChannelQuery {
  const source = Number(params.get('source'));
  const page = Number(params.get('page'));
  const guide = params.get('guide');
  const state = params.get('state');
  return {
    q: params.get('q') ?? '',
    group: params.get('nogroup') === '1' ? NO_GROUP : (params.get('group') ?? ''),
    source: Number.isInteger(source) && source > 0 ? source : null,
    guide: guide === 'mapped' || guide === 'unmapped' ? guide : '',
    state: state === 'on' || state === 'off' ? state : '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export function paramsFrom(query: ChannelQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (query.q) p.set('q', query.q);
  if (query.group === NO_GROUP) p.set('nogroup', '1');
  else if (query.group) p.set('group', query.group);
  if (query.source !== null) p.set('source', String(query.source));
  if (query.guide) p.set('guide', query.guide);
  if (query.state) p.set('state', query.state);
  if (query.page > 1) p.set('page', String(query.page));
  return p;
}

export function searchInput(query: ChannelQuery): CommandInput<'channels.search'> {
  return {
    ...(query.q.trim() ? { search: query.q.trim() } : {}),
    ...(query.group === NO_GROUP ? { group: '' } : query.group ? { group: query.group } : {}),
    ...(query.source !== null ? { sourceId: query.source } : {}),
    ...(query.guide ? { mapped: query.guide === 'mapped' } : {}),
    ...(query.state ? { enabled: query.state === 'on' } : {}),
    limit: PAGE_SIZE,
    offset: (query.page - 1) * PAGE_SIZE,
  };
}

/** "1–100 of 4,210", "No channels". */
export function rangeText(page: number, shown: number, total: number, locale?: string): string {
  if (total === 0) return 'No channels';
  const n = new Intl.NumberFormat(locale);
  const first = (page - 1) * PAGE_SIZE + 1;
  if (shown === 0) return `${n.format(total)} channels`;
  return `${n.format(first)}–${n.format(first + shown - 1)} of ${n.format(total)} channel${total === 1 ? '' : 's'}`;
}
