// The channel x time grid, virtualized both ways in one scrolling box: rows by the row virtualizer,
// time by a column virtualizer over the half-hour marks (so a row renders only the programmes of the
// rendered half hours). The ruler sticks to the top, the channel column to the left; the box scrolls
// on its own, so the page never scrolls sideways. Arrow keys move a roving tab stop between programmes.
import {
  observeElementRect,
  useVirtualizer,
  type Rect,
  type VirtualizerOptions,
} from '@tanstack/react-virtual';
import {
  forwardRef,
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { useHref, useNavigate } from 'react-router';
import { formatDay, formatTime } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import type { StatusMap } from './airing-status';
import type { GuideChannel } from './guide-api';
import {
  chunksToLoad,
  floorToHalfHour,
  halfHourTicks,
  HALF_HOUR,
  KEEP_CHUNKS,
  KEEP_ROWS,
  MINUTE,
  timeAt,
  xOf,
  type GuideLayout,
  type Tick,
} from './guide-math';
import { GuideRow, tabStop } from './GuideRow';
import { keptChunks, type ProgrammeCache } from './programme-cache';

/** Rows drawn as skeletons while the channel list loads. */
const SKELETON_ROWS = 12;
/** Rows fetched beyond the visible ones, each side. */
const PREFETCH_ROWS = 12;

export interface GuideGridHandle {
  /** Scrolls so the half hour holding `t` is at the left edge. */
  jumpTo(t: number): void;
  /** Scrolls a channel's row into view (and a time, when given) and puts the keyboard cursor there. */
  reveal(channelId: number, at: number | null, focus?: boolean): void;
  /** Focuses a programme's cell if it is rendered (after the panel closes); false when it is not. */
  focusProgramme(channelId: number, programmeId: number): boolean;
}

export interface GuideGridProps {
  channels: GuideChannel[] | null;
  origin: number;
  end: number;
  layout: GuideLayout;
  cache: ProgrammeCache;
  statuses: StatusMap;
  /** The programme open in the panel. */
  selectedId: number | null;
  /** Kept on every programme link (?group=, ?q=, ?at=). */
  linkSearch: string;
  /** Where the time axis starts scrolled. */
  initialAt: number;
  /** The left edge's time, reported when scrolling rests on a new half hour. */
  onViewChange?: (at: number) => void;
  /** Tests: a fixed viewport, since jsdom lays nothing out. */
  fixedRect?: Rect;
}

type Options = Partial<VirtualizerOptions<HTMLDivElement, Element>>;

/**
 * The virtualizers work in content coordinates: the sticky ruler and channel column cover the top and
 * left of the box, so each one sees the box less that strip. Then "visible" means visible (a row under
 * the ruler is not), and an offset is the time axis' or the rows' own (scrollToIndex lands a row just
 * under the ruler). `fixedRect` replaces the element's measured size (jsdom has no layout).
 */
function viewport(axis: 'width' | 'height', inset: number, fixedRect: Rect | undefined): Options {
  const less = (rect: Rect): Rect => ({ ...rect, [axis]: Math.max(0, rect[axis] - inset) });
  if (fixedRect) {
    return {
      initialRect: less(fixedRect),
      observeElementRect: (_instance, cb) => {
        cb(less(fixedRect));
        return () => undefined;
      },
    };
  }
  return { observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(less(rect))) };
}

interface Cursor {
  channelId: number;
  at: number;
}

export const GuideGrid = forwardRef<GuideGridHandle, GuideGridProps>(function GuideGrid(props, ref) {
  const { channels, origin, end, layout, cache, fixedRect } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const hrefBase = useHref('/guide');
  const version = useSyncExternalStore(cache.subscribe, cache.getVersion);
  const now = useNow();
  const clock = Math.floor(now / 15_000) * 15_000;
  const px = layout.pxPerMinute;

  const ticks = useMemo(() => halfHourTicks(origin, end), [origin, end]);
  const rows = useVirtualizer<HTMLDivElement, Element>({
    count: channels?.length ?? SKELETON_ROWS,
    getScrollElement: () => scroller.current,
    estimateSize: () => layout.rowHeight,
    overscan: 4,
    ...viewport('height', layout.rulerHeight, fixedRect),
  });
  const cols = useVirtualizer<HTMLDivElement, Element>({
    horizontal: true,
    count: ticks.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => ((ticks[i + 1]?.at ?? end) - ticks[i]!.at) * (px / MINUTE),
    overscan: 3,
    initialOffset: () => Math.max(0, xOf(floorToHalfHour(props.initialAt), origin, px)),
    ...viewport('width', layout.channelWidth, fixedRect),
  });
  // A new scale (phone <-> desktop) changes every column's size.
  useLayoutEffect(() => {
    cols.measure();
    rows.measure();
  }, [cols, rows, layout]);

  const rowItems = rows.getVirtualItems();
  const colItems = cols.getVirtualItems();
  const firstCol = colItems[0];
  const lastCol = colItems[colItems.length - 1];
  const from = firstCol ? ticks[firstCol.index]!.at : origin;
  const to = lastCol ? (ticks[lastCol.index + 1]?.at ?? end) : origin;
  const visibleRows = rows.range ?? { startIndex: 0, endIndex: -1 };
  const viewAt = timeAt(cols.scrollOffset ?? 0, origin, px);
  const viewEnd = timeAt((cols.scrollOffset ?? 0) + (cols.scrollRect?.width ?? 0), origin, px);

  // What the cache should fetch and keep: the visible rows first, then outwards.
  const firstRow = visibleRows.startIndex;
  const lastRow = visibleRows.endIndex;
  useEffect(() => {
    if (!channels || channels.length === 0 || to <= from) return;
    const ids: number[] = [];
    for (let i = firstRow; i <= lastRow && i < channels.length; i++) ids.push(channels[i]!.id);
    for (let d = 1; d <= PREFETCH_ROWS; d++) {
      if (lastRow + d < channels.length) ids.push(channels[lastRow + d]!.id);
      if (firstRow - d >= 0) ids.push(channels[firstRow - d]!.id);
    }
    cache.want(ids, chunksToLoad(from, to, 1));
    const keep = new Set<number>();
    const lo = Math.max(0, firstRow - KEEP_ROWS);
    const hi = Math.min(channels.length - 1, lastRow + KEEP_ROWS);
    for (let i = lo; i <= hi; i++) keep.add(channels[i]!.id);
    cache.keepOnly(keep, keptChunks(from, to, KEEP_CHUNKS));
  }, [cache, channels, firstRow, lastRow, from, to, version]);

  // The benchmark's "painted" mark: the first frame with programmes in it.
  const painted = useRef(false);
  const anyCells = version > 0 && !!channels && channels.length > 0;
  useEffect(() => {
    if (painted.current || !anyCells || !scroller.current?.querySelector('[data-pid]')) return;
    painted.current = true;
    requestAnimationFrame(() => setTimeout(() => performance.mark('guide:painted'), 0));
  });

  // Tell the page where the view rests (for ?at= and the day picker), once per half hour scrolled.
  const leftTick = ticks[Math.min(ticks.length - 1, Math.max(0, cols.range?.startIndex ?? 0))];
  const onViewChange = props.onViewChange;
  const restingAt = leftTick?.at ?? origin;
  useEffect(() => {
    if (!onViewChange) return;
    const timer = setTimeout(() => onViewChange(restingAt), 400);
    return () => clearTimeout(timer);
  }, [restingAt, onViewChange]);

  // The keyboard cursor: a channel and an instant; its programme is the grid's one tab stop.
  const [cursor, setCursor] = useState<Cursor | null>(null);
  const focusPending = useRef(false);
  const cursorRowVisible =
    cursor !== null &&
    !!channels &&
    rowItems.some((r) => channels[r.index]?.id === cursor.channelId) &&
    cursor.at >= from &&
    cursor.at < to;
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
    [cols, layout, origin, px],
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

  // A status's reason shows on hover (the cell's title) and, for keyboards, in a tip under the focused
  // cell (screen readers get it as the cell's description).
  const [tip, setTip] = useState<{ text: string; left: number; top: number } | null>(null);
  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    const link = (e.target as HTMLElement).closest<HTMLElement>('a[data-pid]');
    const cell = link?.parentElement;
    const row = cell?.parentElement;
    const text = link?.getAttribute('title');
    if (!link || !cell || !row || !text) return setTip(null);
    const minLeft = (scroller.current?.scrollLeft ?? 0) + layout.channelWidth;
    setTip({ text, left: Math.max(cell.offsetLeft, minLeft), top: row.offsetTop + layout.rowHeight - 2 });
  };

  // Programme links navigate inside the app (a modified click still opens a tab).
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const link = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[data-pid]');
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    setCursor({ channelId: Number(link.dataset.ch), at: Number(link.dataset.start) });
    void navigate(`/guide/${link.dataset.ch}/${link.dataset.pid}${props.linkSearch}`);
  };

  useImperativeHandle(
    ref,
    () => ({
      jumpTo(t) {
        cols.scrollToOffset(Math.max(0, xOf(floorToHalfHour(t), origin, px)));
      },
      reveal(channelId, at, focus = false) {
        const index = channels?.findIndex((c) => c.id === channelId) ?? -1;
        if (index < 0) return;
        rows.scrollToIndex(index, { align: 'center' });
        if (at !== null) scrollTimeIntoView(at, at + HALF_HOUR);
        focusPending.current = focus;
        setCursor({ channelId, at: at ?? Math.max(viewAt, now) });
      },
      focusProgramme(channelId, programmeId) {
        const cell = scroller.current?.querySelector<HTMLElement>(
          `a[data-ch="${channelId}"][data-pid="${programmeId}"]`,
        );
        if (!cell) return false;
        setCursor({ channelId, at: Number(cell.dataset.start) });
        cell.focus({ preventScroll: true });
        return true;
      },
    }),
    [channels, cols, rows, origin, px, scrollTimeIntoView, viewAt, now],
  );

  const width = layout.channelWidth + cols.getTotalSize();
  const height = layout.rulerHeight + rows.getTotalSize();
  const nowX = layout.channelWidth + xOf(clock, origin, px);
  const showNow = clock >= origin && clock < end;

  return (
    <div
      ref={scroller}
      className="guide-scroller"
      role="grid"
      aria-label="TV guide"
      aria-rowcount={(channels?.length ?? 0) + 1}
      aria-busy={!channels}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onFocus={onFocus}
      onBlur={() => setTip(null)}
      style={{ ['--guide-channel-w' as string]: `${layout.channelWidth}px` }}
    >
      <div className="guide-canvas" style={{ width, height }}>
        <Ruler
          ticks={ticks}
          items={colItems.map((c) => [c.index, layout.channelWidth + c.start, c.size] as const)}
          layout={layout}
          width={width}
          day={formatDay(viewAt + HALF_HOUR, clock)}
          now={clock}
          nowX={showNow ? nowX : null}
        />
        {showNow && <div className="guide-now" style={{ left: nowX, height }} aria-hidden="true" />}
        {channels
          ? rowItems.map((item) => {
              const channel = channels[item.index]!;
              return (
                <GuideRow
                  key={channel.id}
                  channel={channel}
                  index={item.index}
                  top={layout.rulerHeight + item.start}
                  from={from}
                  to={to}
                  origin={origin}
                  layout={layout}
                  cache={cache}
                  version={version}
                  statuses={props.statuses}
                  now={clock}
                  activeAt={stop?.channelId === channel.id ? stop.at : null}
                  selectedId={props.selectedId}
                  hrefBase={hrefBase}
                  linkSearch={props.linkSearch}
                />
              );
            })
          : rowItems.map((item) => (
              <SkeletonRow key={item.index} top={layout.rulerHeight + item.start} layout={layout} />
            ))}
        {tip && (
          <div className="guide-tip" style={{ left: tip.left, top: tip.top }} aria-hidden="true">
            {tip.text}
          </div>
        )}
      </div>
    </div>
  );
});

const Ruler = memo(function Ruler({
  ticks,
  items,
  layout,
  width,
  day,
  now,
  nowX,
}: {
  ticks: Tick[];
  items: ReadonlyArray<readonly [number, number, number]>;
  layout: GuideLayout;
  width: number;
  day: string;
  now: number;
  nowX: number | null;
}) {
  return (
    <div role="row" aria-rowindex={1} className="guide-ruler" style={{ width, height: layout.rulerHeight }}>
      <div role="columnheader" className="guide-corner" style={{ width: layout.channelWidth }}>
        {day}
      </div>
      {items.map(([index, start, size]) => {
        const tick = ticks[index]!;
        const classes = ['guide-tick'];
        if (tick.hour) classes.push('hour');
        if (tick.dayStart) classes.push('day');
        return (
          <div
            key={tick.at}
            role="columnheader"
            className={classes.join(' ')}
            style={{ left: start, width: size }}
            title={tick.shift ? `Clocks go ${tick.shift} here` : undefined}
          >
            {tick.dayStart ? <strong>{formatDay(tick.at, now)}</strong> : null}
            {tick.dayStart ? ' ' : null}
            {formatTime(tick.at)}
          </div>
        );
      })}
      {nowX !== null && <div className="guide-now-head" style={{ left: nowX }} aria-hidden="true" />}
    </div>
  );
});

function SkeletonRow({ top, layout }: { top: number; layout: GuideLayout }) {
  return (
    <div className="guide-row" style={{ top, height: layout.rowHeight }} aria-hidden="true">
      <div className="guide-channel" style={{ width: layout.channelWidth }}>
        <span className="skeleton-block" style={{ width: 40, height: 40 }} />
      </div>
      <div className="guide-cell guide-gap skeleton" style={{ left: layout.channelWidth, width: '100%' }} />
    </div>
  );
}
