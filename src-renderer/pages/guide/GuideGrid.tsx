// The channel x time grid, virtualized both ways in one scrolling box: rows by the row virtualizer,
// time by a column virtualizer over the half-hour marks (so a row renders only the programmes of the
// rendered half hours). The ruler sticks to the top, the channel column to the left; the box scrolls
// on its own, so the page never scrolls sideways. Arrow keys move a roving tab stop between programmes.
import { useVirtualizer, type Rect } from '@tanstack/react-virtual';
import {
  forwardRef,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type FocusEvent,
  type MouseEvent,
} from 'react';
import { useHref, useNavigate } from 'react-router';
import { formatDay } from '../../ui/format';
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
} from './guide-math';
import { viewport } from './grid-viewport';
import { GuideRow, SkeletonRow } from './GuideRow';
import { GuideRuler } from './GuideRuler';
import { keptChunks, type ProgrammeCache } from './programme-cache';
import { useGridCursor } from './useGridCursor';

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
  const { stop, setCursor, focusPending, scrollTimeIntoView, onKeyDown } = useGridCursor({
    scroller,
    channels,
    cache,
    rows,
    cols,
    layout,
    origin,
    from,
    to,
    viewAt,
    viewEnd,
    clock,
    now,
  });

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
    // setCursor and focusPending are a state setter and a ref: stable, listed for the linter.
    [channels, cols, rows, origin, px, scrollTimeIntoView, viewAt, now, setCursor, focusPending],
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
        <GuideRuler
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
