// @vitest-environment jsdom
// The guide grid's virtualization (src-renderer/pages/guide/GuideGrid.tsx): with 2,000 channels x 14
// days, the DOM holds only the rows on screen (plus a few) and, in them, only the programmes of the
// rendered half hours; programmes are asked for the rows and chunks on screen only, at most 1000
// channels per query, and far chunks are forgotten. jsdom lays nothing out, so the grid gets a fixed
// viewport (its fixedRect: the virtualizers' initialRect and observeElementRect).
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createRef } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { GuideProgramme } from '../../../src-shared/domain-sources';
import type { AiringStatus } from '../../../src-renderer/pages/guide/airing-status';
import type { GuideChannel } from '../../../src-renderer/pages/guide/guide-api';
import { GuideGrid, type GuideGridHandle } from '../../../src-renderer/pages/guide/GuideGrid';
import {
  airingKey,
  chunkRange,
  HOUR,
  MINUTE,
  timelineSpan,
  WIDE_LAYOUT,
  NARROW_LAYOUT,
  type GuideLayout,
} from '../../../src-renderer/pages/guide/guide-math';
import { ProgrammeCache } from '../../../src-renderer/pages/guide/programme-cache';

afterEach(cleanup);

// jsdom has no Element.scrollTo: the virtualizers scroll with it (scrollToIndex, scrollToOffset).
Element.prototype.scrollTo = function (this: Element, options?: ScrollToOptions | number) {
  if (typeof options === 'object') {
    if (options.top !== undefined) this.scrollTop = options.top;
    if (options.left !== undefined) this.scrollLeft = options.left;
  }
  this.dispatchEvent(new Event('scroll'));
} as Element['scrollTo'];

const RECT = { width: 1200, height: 800 };
const NOW = Date.now();
const span = timelineSpan(NOW);

function channelsOf(n: number): GuideChannel[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    name: `Channel ${i + 1}`,
    number: String(i + 1),
    group: null,
    logoUrl: null,
  }));
}

/** A guide of 30 to 90-minute programmes for every channel, made up on the spot for any window. */
function programmesFor(channelId: number, from: number, to: number): GuideProgramme[] {
  const out: GuideProgramme[] = [];
  const lengths = [30, 60, 45, 90, 30, 60];
  // Start on the day's grid so a programme has the same id whichever chunk asks for it.
  let t = span.origin;
  let i = 0;
  while (t < to) {
    const len = lengths[(channelId + i) % lengths.length]! * MINUTE;
    if (t + len > from) {
      out.push({
        id: channelId * 100_000 + i,
        channelId,
        guideId: 1,
        xmltvChannelId: `ch${channelId}`,
        start: t,
        stop: t + len,
        title: `Show ${(channelId + i) % 97}`,
        subTitle: null,
        season: 1,
        episode: i % 20,
        isNew: i % 7 === 0,
        previouslyShown: false,
        premiere: false,
      });
    }
    t += len;
    i++;
  }
  return out;
}

function fakeCore() {
  const calls: Array<{ ids: number[]; from: number; to: number }> = [];
  const cache = new ProgrammeCache(async (ids, from, to) => {
    calls.push({ ids, from, to });
    return ids.map((channelId) => ({ channelId, programmes: programmesFor(channelId, from, to) }));
  });
  return { cache, calls };
}

function renderGrid(
  channels: GuideChannel[],
  cache: ProgrammeCache,
  options: { layout?: GuideLayout; statuses?: Map<string, AiringStatus>; at?: number } = {},
) {
  const ref = createRef<GuideGridHandle>();
  const view = render(
    <MemoryRouter initialEntries={['/guide']}>
      <GuideGrid
        ref={ref}
        channels={channels}
        origin={span.origin}
        end={span.end}
        layout={options.layout ?? WIDE_LAYOUT}
        cache={cache}
        statuses={options.statuses ?? new Map()}
        selectedId={null}
        linkSearch=""
        initialAt={options.at ?? NOW}
        fixedRect={RECT}
      />
    </MemoryRouter>,
  );
  const grid = screen.getByRole('grid');
  // The box's size, and its content's (the canvas) as a browser would measure them.
  const canvas = () => grid.firstElementChild as HTMLElement;
  Object.defineProperties(grid, {
    clientWidth: { get: () => RECT.width },
    clientHeight: { get: () => RECT.height },
    scrollWidth: { get: () => parseFloat(canvas().style.width) },
    scrollHeight: { get: () => parseFloat(canvas().style.height) },
  });
  return { ...view, ref, grid };
}

const rowsIn = (grid: HTMLElement) =>
  grid.querySelectorAll('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
const cellsIn = (grid: HTMLElement) => [...grid.querySelectorAll<HTMLElement>('a[data-pid]')];

describe('the guide grid', () => {
  it('renders only the visible rows and the programmes of the visible hours out of 2,000 channels', async () => {
    const { cache, calls } = fakeCore();
    const { grid } = renderGrid(channelsOf(2000), cache);
    await waitFor(() => expect(cellsIn(grid).length).toBeGreaterThan(0));

    expect(grid.getAttribute('aria-rowcount')).toBe('2001');
    // (800 - 40 ruler) / 64 = 12 rows on screen, plus an overscan of 4 below.
    const rows = rowsIn(grid);
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(rows.length).toBeLessThanOrEqual(12 + 2 * 4 + 1);
    // Only the first rows: nothing from further down.
    const indexes = [...rows].map((r) => Number(r.getAttribute('aria-rowindex')));
    expect(Math.max(...indexes)).toBeLessThan(25);

    // The view starts at now's half hour and is (1200 - 208) / 6 = 165 minutes wide; cells come from
    // that plus three half hours of overscan each side.
    const viewFrom = NOW - 30 * MINUTE;
    const viewTo = NOW + 165 * MINUTE + 30 * MINUTE;
    const cells = cellsIn(grid);
    for (const cell of cells) {
      expect(Number(cell.dataset.start)).toBeLessThan(viewTo + 90 * MINUTE);
      expect(Number(cell.dataset.end)).toBeGreaterThan(viewFrom - 90 * MINUTE);
    }
    // A 14-day row would have ~430 programmes: far fewer per row are drawn.
    expect(cells.length / rows.length).toBeLessThan(16);

    // Queries: only rows near the view, never more than 1000 channels, never the whole fortnight.
    const asked = new Set(calls.flatMap((c) => c.ids));
    expect(asked.size).toBeLessThanOrEqual(16 + 2 * 12 + 4);
    expect(Math.max(...asked)).toBeLessThan(60);
    for (const call of calls) {
      expect(call.ids.length).toBeLessThanOrEqual(1000);
      expect(call.to - call.from).toBeLessThanOrEqual(6 * HOUR);
    }
  });

  it('keeps the DOM the same size with 200 or 2,000 channels, wherever it is scrolled', async () => {
    const counts: number[] = [];
    for (const n of [200, 2000]) {
      const { cache } = fakeCore();
      const { grid, unmount } = renderGrid(channelsOf(n), cache);
      await waitFor(() => expect(cellsIn(grid).length).toBeGreaterThan(0));
      counts.push(grid.querySelectorAll('*').length);
      // Down to the middle of the list and a day later.
      act(() => {
        grid.scrollTop = Math.floor(n / 2) * WIDE_LAYOUT.rowHeight;
        grid.scrollLeft += 24 * 60 * WIDE_LAYOUT.pxPerMinute;
        fireEvent.scroll(grid);
      });
      const middle = Math.floor(n / 2);
      await waitFor(() => {
        const indexes = [...rowsIn(grid)].map((r) => Number(r.getAttribute('aria-rowindex')) - 2);
        expect(indexes).toContain(middle);
        expect(cellsIn(grid).some((c) => Number(c.dataset.row) === middle)).toBe(true);
      });
      counts.push(grid.querySelectorAll('*').length);
      expect(rowsIn(grid).length).toBeLessThanOrEqual(21);
      unmount();
    }
    const [small, smallScrolled, big, bigScrolled] = counts as [number, number, number, number];
    // Bounded and independent of the channel count (the programmes differ a little per row).
    expect(Math.abs(big - small) / small).toBeLessThan(0.15);
    expect(Math.abs(bigScrolled - smallScrolled) / smallScrolled).toBeLessThan(0.15);
    expect(bigScrolled).toBeLessThan(2500);
  });

  it('forgets programmes far from the view', async () => {
    const { cache } = fakeCore();
    const { grid } = renderGrid(channelsOf(2000), cache);
    await waitFor(() => expect(cellsIn(grid).length).toBeGreaterThan(0));
    // Visit ten places, a day and 150 rows apart.
    for (let step = 1; step <= 10; step++) {
      act(() => {
        grid.scrollTop = step * 150 * WIDE_LAYOUT.rowHeight;
        grid.scrollLeft = step * 24 * 60 * WIDE_LAYOUT.pxPerMinute;
        fireEvent.scroll(grid);
      });
      await waitFor(() => expect(cellsIn(grid).some((c) => Number(c.dataset.row) >= step * 150)).toBe(true));
    }
    // Only what is around the last place is kept: rows within KEEP_ROWS, chunks within a day.
    for (const cell of cellsIn(grid)) expect(Number(cell.dataset.row)).toBeGreaterThanOrEqual(1490);
    expect(cache.size).toBeLessThan(700 * 12);
    const kept = (cache as unknown as { chunks: Map<number, unknown> }).chunks;
    const last = Math.max(...kept.keys());
    expect(chunkRange(last).from).toBeGreaterThan(span.origin + 9 * 24 * HOUR);
    expect(kept.size).toBeLessThanOrEqual(4 + 2 + 4 + 1);
  });

  it('shows a skeleton where programmes have not arrived, in the same place (no shift)', async () => {
    const cache = new ProgrammeCache(() => new Promise(() => undefined));
    const { grid } = renderGrid(channelsOf(50), cache);
    const skeletons = grid.querySelectorAll('.guide-gap.skeleton');
    expect(skeletons.length).toBeGreaterThan(0);
    expect(cellsIn(grid)).toHaveLength(0);
    // Rows have their final height from the start.
    for (const row of rowsIn(grid)) expect((row as HTMLElement).style.height).toBe('64px');
  });

  it('marks cells that will record, are skipped (with the reason as the description) or in conflict', async () => {
    const channels = channelsOf(30);
    const onAir = programmesFor(2, NOW, NOW + 1)[0]!;
    const next = programmesFor(3, NOW, NOW + 1)[0]!;
    const statuses = new Map<string, AiringStatus>([
      [
        airingKey(onAir),
        { state: 'will-record', reason: null, recordingId: 7, ruleId: null, ruleName: null },
      ],
      [
        airingKey(next),
        {
          state: 'skipped',
          reason: 'already recorded on Sat 20:00',
          recordingId: null,
          ruleId: 2,
          ruleName: 'Show',
        },
      ],
    ]);
    const { cache } = fakeCore();
    const { grid } = renderGrid(channels, cache, { statuses });
    await waitFor(() => expect(cellsIn(grid).length).toBeGreaterThan(0));
    const will = grid.querySelector<HTMLElement>(`a[data-pid="${onAir.id}"]`)!;
    expect(will.closest('[role="gridcell"]')!.className).toContain('state-will-record');
    expect(will.closest('[role="gridcell"]')!.className).toContain('on-air');
    expect(will.title).toBe('Will record');
    const skipped = grid.querySelector<HTMLElement>(`a[data-pid="${next.id}"]`)!;
    expect(skipped.title).toBe('Skipped (rule “Show”): already recorded on Sat 20:00');
    const desc = document.getElementById(skipped.getAttribute('aria-describedby')!);
    expect(desc?.textContent).toBe(skipped.title);
    // Focus shows the reason too (for keyboards; hover has the title).
    act(() => skipped.focus());
    expect(grid.querySelector('.guide-tip')?.textContent).toBe(skipped.title);
  });

  it('moves between programmes with the arrow keys (one tab stop, roving)', async () => {
    const { cache } = fakeCore();
    const { grid } = renderGrid(channelsOf(100), cache);
    await waitFor(() => expect(cellsIn(grid).length).toBeGreaterThan(0));
    const stops = () => cellsIn(grid).filter((c) => c.tabIndex === 0);
    expect(stops()).toHaveLength(1);
    const first = stops()[0]!;
    // The tab stop is what is on now on the first row.
    expect(first.dataset.row).toBe('0');
    expect(Number(first.dataset.start)).toBeLessThanOrEqual(NOW);
    expect(Number(first.dataset.end)).toBeGreaterThan(NOW);

    act(() => first.focus());
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    await waitFor(() => expect(document.activeElement).not.toBe(first));
    const right = document.activeElement as HTMLElement;
    expect(right.dataset.row).toBe('0');
    expect(Number(right.dataset.start)).toBe(Number(first.dataset.end));
    expect(stops()).toEqual([right]);

    fireEvent.keyDown(right, { key: 'ArrowDown' });
    await waitFor(() => expect((document.activeElement as HTMLElement).dataset.row).toBe('1'));
    const down = document.activeElement as HTMLElement;
    // The same moment, one channel down.
    expect(Number(down.dataset.start)).toBeLessThanOrEqual(Number(right.dataset.start));
    expect(Number(down.dataset.end)).toBeGreaterThan(Number(right.dataset.start));

    fireEvent.keyDown(down, { key: 'ArrowLeft' });
    await waitFor(() => expect(document.activeElement).not.toBe(down));
    expect(Number((document.activeElement as HTMLElement).dataset.end)).toBeLessThanOrEqual(
      Number(down.dataset.start),
    );
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await waitFor(() => expect((document.activeElement as HTMLElement).dataset.row).toBe('0'));
    expect(stops()).toHaveLength(1);
  });

  it('reveals a channel far down and a time days ahead', async () => {
    const { cache } = fakeCore();
    const { grid, ref } = renderGrid(channelsOf(2000), cache);
    await waitFor(() => expect(cellsIn(grid).length).toBeGreaterThan(0));
    const at = span.origin + 5 * 24 * HOUR + 20 * HOUR;
    act(() => ref.current!.reveal(1500, at));
    // The scroll events a browser would send.
    act(() => {
      fireEvent.scroll(grid);
    });
    await waitFor(() => {
      const cell = grid.querySelector<HTMLElement>('a[data-ch="1500"]');
      expect(cell).not.toBeNull();
    });
    const times = cellsIn(grid)
      .filter((c) => c.dataset.ch === '1500')
      .map((c) => Number(c.dataset.start));
    expect(Math.min(...times)).toBeLessThanOrEqual(at);
    expect(Math.max(...times)).toBeGreaterThan(at);
  });

  it('uses the phone layout: a narrow channel column with the number, the name for screen readers', async () => {
    const { cache } = fakeCore();
    const { grid } = renderGrid(channelsOf(40), cache, { layout: NARROW_LAYOUT });
    await waitFor(() => expect(cellsIn(grid).length).toBeGreaterThan(0));
    const header = grid.querySelector<HTMLElement>('[role="rowheader"]')!;
    expect(header.style.width).toBe('72px');
    expect(header.textContent).toContain('Channel 1');
    expect(header.querySelector('.visually-hidden')?.textContent).toBe('Channel 1');
  });
});
