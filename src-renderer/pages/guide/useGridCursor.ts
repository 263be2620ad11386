// The grid's keyboard cursor: a channel and an instant, whose programme is the grid's one tab stop.
// Arrow keys move it between programmes (scrolling either axis as needed), Page keys a screen of rows,
// Home back to what is on now; focus follows once the target cell is rendered.
import type { Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { GuideChannel } from './guide-api';
import { floorToHalfHour, HALF_HOUR, xOf, type GuideLayout } from './guide-math';
import { tabStop } from './GuideRow';
import type { ProgrammeCache } from './programme-cache';

export interface Cursor {
  channelId: number;
  at: number;
}

type GridVirtualizer = Virtualizer<HTMLDivElement, Element>;

export interface GridCursorInput {
  scroller: RefObject<HTMLDivElement | null>;
  channels: GuideChannel[] | null;
  cache: ProgrammeCache;
  rows: GridVirtualizer;
  cols: GridVirtualizer;
  layout: GuideLayout;
  origin: number;
  /** The rendered time range. */
  from: number;
  to: number;
  /** The visible time range (the left and right edges). */
  viewAt: number;
  viewEnd: number;
  /** The clock to 15 s (where the default tab stop sits when it is in view), and the exact one. */
  clock: number;
  now: number;
}

export function useGridCursor(input: GridCursorInput) {
  const { scroller, channels, cache, rows, cols, layout, origin, from, to, viewAt, viewEnd, clock, now } =
    input;
  const px = layout.pxPerMinute;
  const [cursor, setCursor] = useState<Cursor | null>(null);
  const focusPending = useRef(false);
  const visibleRows = rows.range ?? { startIndex: 0, endIndex: -1 };

  const cursorRowVisible =
    cursor !== null &&
    !!channels &&
    rows.getVirtualItems().some((r) => channels[r.index]?.id === cursor.channelId) &&
    cursor.at >= from &&
    cursor.at < to;
  // Off screen, the tab stop falls back to the first visible row, at now when now is in view.
  const stop: Cursor | null = cursorRowVisible
    ? cursor
    : channels && channels.length > 0 && visibleRows.endIndex >= visibleRows.startIndex
      ? {
          channelId: channels[visibleRows.startIndex]!.id,
          at: clock >= viewAt && clock < viewEnd ? clock : viewAt,
        }
      : null;

  useEffect(() => {
    if (!focusPending.current || !cursor) return;
    const cell = scroller.current?.querySelector<HTMLElement>(
      `a[data-ch="${cursor.channelId}"][tabindex="0"]`,
    );
    if (cell) {
      focusPending.current = false;
      cell.focus({ preventScroll: true });
    }
  });

  const scrollTimeIntoView = useCallback(
    (start: number, stopAt: number) => {
      const el = scroller.current;
      if (!el) return;
      const width = el.clientWidth - layout.channelWidth;
      const left = el.scrollLeft;
      const x = xOf(start, origin, px);
      const xEnd = xOf(stopAt, origin, px);
      // Already (partly, for a long programme) in view: leave the view where it is.
      if (x >= left && x < left + width - 40) return;
      if (x < left && xEnd > left + 40) return;
      cols.scrollToOffset(Math.max(0, xOf(floorToHalfHour(start), origin, px)));
    },
    [scroller, cols, layout, origin, px],
  );

  const moveTo = useCallback(
    (next: Cursor, start: number, stopAt: number, rowIndex: number) => {
      focusPending.current = true;
      setCursor(next);
      rows.scrollToIndex(rowIndex, { align: 'auto' });
      scrollTimeIntoView(start, stopAt);
    },
    [rows, scrollTimeIntoView],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = (e.target as HTMLElement).closest<HTMLElement>('a[data-pid]');
    if (!target || !channels || e.altKey || e.ctrlKey || e.metaKey) return;
    const row = Number(target.dataset.row);
    const channelId = Number(target.dataset.ch);
    const start = Number(target.dataset.start);
    const stopAt = Number(target.dataset.end);
    // The column the cursor travels in: where this programme is visible.
    const at = Math.max(start, Math.min(viewAt, stopAt - 1));
    const vertical = (to: number) => {
      const index = Math.max(0, Math.min(channels.length - 1, to));
      const id = channels[index]!.id;
      const list = cache.programmes(id, at - 12 * HALF_HOUR, at + 12 * HALF_HOUR);
      const p = list[tabStop(list, at)];
      moveTo({ channelId: id, at }, p?.start ?? at, p ? (p.stop ?? p.start) : at, index);
    };
    const page = Math.max(1, (visibleRows.endIndex - visibleRows.startIndex) | 0);
    switch (e.key) {
      case 'ArrowRight': {
        const next = cache
          .programmes(channelId, stopAt, stopAt + 12 * HALF_HOUR)
          .find((p) => p.start >= start + 1);
        const t = next?.start ?? stopAt;
        moveTo({ channelId, at: t }, t, next ? (next.stop ?? t + HALF_HOUR) : t + HALF_HOUR, row);
        break;
      }
      case 'ArrowLeft': {
        const earlier = cache
          .programmes(channelId, start - 12 * HALF_HOUR, start)
          .filter((p) => p.start < start);
        const prev = earlier[earlier.length - 1];
        const t = prev?.start ?? Math.max(origin, start - HALF_HOUR);
        moveTo({ channelId, at: t }, t, prev ? start : t + HALF_HOUR, row);
        break;
      }
      case 'ArrowDown':
        vertical(row + 1);
        break;
      case 'ArrowUp':
        vertical(row - 1);
        break;
      case 'PageDown':
        vertical(row + page);
        break;
      case 'PageUp':
        vertical(row - page);
        break;
      case 'Home': {
        // Back to what is on now, in this row.
        const list = cache.programmes(channelId, now - 1, now + 1);
        moveTo({ channelId, at: now }, list[0]?.start ?? now, list[0]?.stop ?? now + HALF_HOUR, row);
        cols.scrollToOffset(Math.max(0, xOf(floorToHalfHour(now), origin, px)));
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  return { stop, setCursor, focusPending, scrollTimeIntoView, onKeyDown };
}
