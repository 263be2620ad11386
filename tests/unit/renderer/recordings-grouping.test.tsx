// @vitest-environment jsdom
// The upcoming list by local day and the library by show (pages/recordings/logic/grouping.ts), and the
// grouped list rendering them as sections with headings (parts/GroupedList.tsx).
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { groupByDay, groupByShow, showKey } from '../../../src-renderer/pages/recordings/logic/grouping';
import { GroupedList } from '../../../src-renderer/pages/recordings/parts/GroupedList';
import { recording } from './recordings-fixtures';

// Each test renders into a fresh document (no vitest globals, so Testing Library cannot do it).
afterEach(cleanup);

const at = (day: number, hour: number, minute = 0) => new Date(2026, 11, day, hour, minute).getTime();

describe('groupByDay', () => {
  it('puts items on their local day, days in order, items in the order given', () => {
    const items = [
      { t: at(5, 23, 59), name: 'late' },
      { t: at(5, 0, 0), name: 'midnight' },
      { t: at(6, 0, 0), name: 'next' },
      { t: at(5, 12), name: 'noon' },
    ];
    const groups = groupByDay(items, (i) => i.t);
    expect(groups.map((g) => g.day)).toEqual([at(5, 0), at(6, 0)]);
    expect(groups[0]!.items.map((i) => i.name)).toEqual(['late', 'midnight', 'noon']);
    expect(groups[1]!.items.map((i) => i.name)).toEqual(['next']);
  });

  it('turns the days round when asked, and gives nothing for nothing', () => {
    const groups = groupByDay([at(5, 9), at(7, 9), at(6, 9)], (t) => t, true);
    expect(groups.map((g) => new Date(g.day).getDate())).toEqual([7, 6, 5]);
    expect(groupByDay([], (t: number) => t)).toEqual([]);
  });
});

describe('groupByShow', () => {
  const news1 = recording({ id: 1, title: 'Evening News', actualStartAt: at(1, 18), sizeBytes: 100 });
  const news2 = recording({ id: 2, title: 'evening  news', actualStartAt: at(3, 18), sizeBytes: 50 });
  const film = recording({ id: 3, title: 'Casablanca', actualStartAt: at(2, 20), channelName: 'Arte' });

  it('folds case, spacing and punctuation into one show, newest first, with its total size', () => {
    const shows = groupByShow([news1, film, news2]);
    expect(shows.map((s) => s.items.map((r) => r.id))).toEqual([[2, 1], [3]]);
    expect(shows[0]!.totalBytes).toBe(150);
    expect(shows[0]!.latest).toBe(at(3, 18));
    // The show is named as its newest recording names it.
    expect(shows[0]!.title).toBe('evening  news');
    expect(showKey('Gardeners’ World!')).toBe('gardeners world');
    expect(showKey('Café  Society')).toBe('cafe society');
  });

  it('orders shows by newest, oldest, title or channel', () => {
    expect(groupByShow([news1, film, news2], 'oldest').map((s) => s.items.map((r) => r.id))).toEqual([
      [3],
      [1, 2],
    ]);
    expect(groupByShow([news1, film, news2], 'title').map((s) => s.key)).toEqual([
      'casablanca',
      'evening news',
    ]);
    expect(groupByShow([news1, film, news2], 'channel').map((s) => s.key)).toEqual([
      'casablanca',
      'evening news',
    ]);
  });

  it('dates a recording that never started by its scheduled window', () => {
    const scheduled = recording({ id: 4, actualStartAt: null, padBeforeMs: 60_000 });
    expect(groupByShow([scheduled])[0]!.latest).toBe(scheduled.startAt - 60_000);
  });
});

describe('GroupedList', () => {
  it('renders each group as a section with its heading and a list of its items', () => {
    render(
      <GroupedList
        groups={[
          { key: 'a', heading: 'Today', items: ['News', 'Film'] },
          { key: 'b', heading: 'Tomorrow', items: ['Quiz'] },
        ]}
        itemKey={(s) => s}
        itemHeight={60}
        renderItem={(s) => <span>{s}</span>}
      />,
    );
    const today = screen.getByRole('region', { name: 'Today' });
    expect(within(today).getByRole('heading', { name: 'Today' })).toBeTruthy();
    expect(
      within(today)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['News', 'Film']);
    expect(within(screen.getByRole('region', { name: 'Tomorrow' })).getAllByRole('listitem')).toHaveLength(1);
  });
});
