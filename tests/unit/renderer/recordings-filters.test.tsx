// @vitest-environment jsdom
// Filters and sorts of the Recordings lists (pages/recordings/logic/filters.ts), kept in the address,
// and the bar that sets them (parts/FilterBar.tsx).
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyFilters,
  isFiltered,
  NO_FILTERS,
  readFilters,
  sortItems,
  writeFilters,
  type Filterable,
  type Filters,
} from '../../../src-renderer/pages/recordings/logic/filters';
import { FilterBar } from '../../../src-renderer/pages/recordings/parts/FilterBar';
import { useConnection } from '../../../src-renderer/state/connection';
import type { AppClient } from '../../../src-renderer/client';

// Each test renders into a fresh document (no vitest globals, so Testing Library cannot do it).
afterEach(cleanup);

const at = (day: number, hour: number) => new Date(2026, 11, day, hour).getTime();
const items: Filterable[] = [
  {
    title: 'Doctor Who',
    subTitle: 'The Empty Child',
    channelId: 1,
    channelName: 'BBC One',
    ruleId: 7,
    at: at(5, 19),
  },
  { title: 'Evening News', subTitle: null, channelId: 2, channelName: 'ARD', ruleId: null, at: at(5, 20) },
  { title: 'Café Society', subTitle: null, channelId: 1, channelName: 'BBC One', ruleId: 8, at: at(6, 23) },
  { title: 'doctor who', subTitle: 'Blink', channelId: 3, channelName: 'Channel 4', ruleId: 7, at: at(7, 0) },
];
const titles = (list: Filterable[]) => list.map((i) => `${i.title}@${new Date(i.at).getDate()}`);
const filter = (patch: Partial<Filters>) =>
  titles(applyFilters(items, { ...NO_FILTERS, ...patch }, (i) => i));

describe('applyFilters', () => {
  it('searches titles and sub-titles, all words, case and accents ignored', () => {
    expect(filter({ q: 'WHO' })).toEqual(['Doctor Who@5', 'doctor who@7']);
    expect(filter({ q: 'who blink' })).toEqual(['doctor who@7']);
    expect(filter({ q: 'cafe' })).toEqual(['Café Society@6']);
    expect(filter({ q: '   ' })).toHaveLength(4);
  });

  it('by channel, by rule or by hand', () => {
    expect(filter({ channel: 1 })).toEqual(['Doctor Who@5', 'Café Society@6']);
    expect(filter({ rule: 7 })).toEqual(['Doctor Who@5', 'doctor who@7']);
    expect(filter({ rule: 'manual' })).toEqual(['Evening News@5']);
  });

  it('by local dates, both days whole', () => {
    expect(filter({ from: '2026-12-06' })).toEqual(['Café Society@6', 'doctor who@7']);
    expect(filter({ to: '2026-12-06' })).toEqual(['Doctor Who@5', 'Evening News@5', 'Café Society@6']);
    expect(filter({ from: '2026-12-06', to: '2026-12-06' })).toEqual(['Café Society@6']);
  });
});

describe('sortItems', () => {
  it('by date either way, by title, by channel', () => {
    const sorted = (sort: Filters['sort'] & string) => titles(sortItems(items, sort, (i) => i));
    expect(sorted('date')).toEqual(['Doctor Who@5', 'Evening News@5', 'Café Society@6', 'doctor who@7']);
    expect(sorted('date-desc')).toEqual(['doctor who@7', 'Café Society@6', 'Evening News@5', 'Doctor Who@5']);
    expect(sorted('title')).toEqual(['Café Society@6', 'Doctor Who@5', 'doctor who@7', 'Evening News@5']);
    expect(sorted('channel')).toEqual(['Evening News@5', 'Doctor Who@5', 'Café Society@6', 'doctor who@7']);
  });
});

describe('filters in the address', () => {
  it('read back what was written, keep other parameters, drop what is empty', () => {
    const filters: Filters = {
      q: 'who',
      channel: 3,
      rule: 'manual',
      from: '2026-12-01',
      to: null,
      sort: 'title',
    };
    const params = writeFilters(new URLSearchParams('tab=library&channel=9'), filters);
    expect(params.get('tab')).toBe('library');
    expect(params.has('to')).toBe(false);
    expect(readFilters(params)).toEqual(filters);
    expect(writeFilters(params, NO_FILTERS).toString()).toBe('tab=library');
  });

  it('ignore what is not a filter', () => {
    expect(readFilters(new URLSearchParams('channel=x&rule=-2&from=5-5-2026&sort=random'))).toEqual(
      NO_FILTERS,
    );
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, sort: 'title' })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, q: 'x' })).toBe(true);
  });
});

describe('FilterBar', () => {
  function Harness() {
    const [filters, setFilters] = useState<Filters>(NO_FILTERS);
    return (
      <>
        <FilterBar filters={filters} onChange={setFilters} defaultSort="date" />
        <output>{JSON.stringify(filters)}</output>
      </>
    );
  }

  it('lists the channels and rules to filter by', async () => {
    // A client that knows two channels and a rule; nothing else is asked of it.
    const answers: Record<string, unknown> = {
      'channels.list': [
        { id: 1, name: 'BBC One' },
        { id: 2, name: 'ARD' },
      ],
      'rules.list': [{ id: 7, name: 'Doctor Who' }],
    };
    const client = {
      call: (name: string) => Promise.resolve(answers[name] ?? []),
      subscribe: () => () => undefined,
      media: () => new Promise(() => undefined),
      mediaUrl: () => Promise.resolve(''),
    } as unknown as AppClient;
    useConnection.setState({ client });
    render(<Harness />);
    expect(await screen.findByRole('option', { name: 'BBC One' })).toBeTruthy();
    expect(await screen.findByRole('option', { name: 'Doctor Who' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Channel' }), { target: { value: '2' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Rule' }), { target: { value: 'manual' } });
    expect(JSON.parse(screen.getByRole('status').textContent ?? '{}')).toMatchObject({
      channel: 2,
      rule: 'manual',
    });
  });

  it('sets the search, the dates and the order, and clears the filters but not the order', () => {
    render(<Harness />);
    const state = () => JSON.parse(screen.getByRole('status').textContent ?? '{}') as Filters;
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search titles' }), { target: { value: 'news' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-12-05' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'title' } });
    expect(state()).toMatchObject({ q: 'news', from: '2026-12-05', sort: 'title' });
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(state()).toEqual({ ...NO_FILTERS, sort: 'title' });
    // The tab's own order is no parameter at all.
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'date' } });
    expect(state().sort).toBeNull();
  });
});
