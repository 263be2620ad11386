// One channel's row: the sticky channel cell, then the programmes that intersect the rendered time range
// (never the whole day), skeleton blocks where the cache has not answered yet.
import { AlertTriangle, Ban, Check, XCircle } from 'lucide-react';
import { memo } from 'react';
import type { GuideProgramme } from '../../../src-shared/domain-sources';
import { ChannelLogo } from '../../ui/ChannelLogo';
import { formatEpisode, formatRange } from '../../ui/format';
import { describeStatus, STATE_LABEL, type AiringStatus, type StatusMap } from './airing-status';
import type { GuideChannel } from './guide-api';
import { airingKey, chunkRange, chunksFor, endOf, xOf, type GuideLayout } from './guide-math';
import type { ProgrammeCache } from './programme-cache';

export interface RowProps {
  channel: GuideChannel;
  index: number;
  top: number;
  /** The rendered time range (the visible one plus overscan). */
  from: number;
  to: number;
  origin: number;
  layout: GuideLayout;
  cache: ProgrammeCache;
  /** The cache's version: a new one re-renders the row. */
  version: number;
  statuses: StatusMap;
  /** The clock, to 15 seconds: what is on air, how far it is. */
  now: number;
  /** The keyboard cursor's time when it is in this row (its programme is the row's tab stop). */
  activeAt: number | null;
  selectedId: number | null;
  hrefBase: string;
  linkSearch: string;
}

export const GuideRow = memo(function GuideRow(props: RowProps) {
  const { channel, index, top, from, to, origin, layout, cache, statuses, now } = props;
  const programmes = cache.programmes(channel.id, from, to);
  const activeIndex = props.activeAt === null ? -1 : tabStop(programmes, props.activeAt);
  const px = layout.pxPerMinute;
  const left = (t: number) => layout.channelWidth + xOf(Math.max(t, origin), origin, px);
  const pending = chunksFor(from, to)
    .map((chunk) => ({ chunk, state: cache.state(channel.id, chunk) }))
    .filter((c) => c.state !== 'loaded');
  return (
    <div role="row" aria-rowindex={index + 2} className="guide-row" style={{ top, height: layout.rowHeight }}>
      <ChannelCell channel={channel} layout={layout} />
      {programmes.map((p, i) => {
        const x = left(p.start);
        const status = statuses.get(airingKey(p));
        const end = endOf(p);
        return (
          <ProgrammeCell
            key={p.id}
            programme={p}
            x={x}
            width={Math.max(2, left(end) - x)}
            status={status}
            onAir={p.start <= now && end > now}
            past={end <= now}
            progress={p.start <= now && end > now ? (now - p.start) / (end - p.start) : null}
            tabStop={i === activeIndex}
            selected={p.id === props.selectedId}
            href={`${props.hrefBase}/${channel.id}/${p.id}${props.linkSearch}`}
            row={index}
          />
        );
      })}
      {pending.map(({ chunk, state }) => {
        const range = chunkRange(chunk);
        const x = left(Math.max(range.from, from));
        const width = left(Math.min(range.to, to)) - x;
        if (width <= 0) return null;
        return (
          <div
            key={`pending-${chunk}`}
            className={state === 'failed' ? 'guide-cell guide-gap failed' : 'guide-cell guide-gap skeleton'}
            style={{ left: x, width }}
            aria-hidden="true"
          >
            {state === 'failed' ? 'Not loaded' : null}
          </div>
        );
      })}
      {pending.length === 0 && programmes.length === 0 && (
        <div
          className="guide-cell guide-gap empty"
          style={{ left: left(from), width: left(to) - left(from) }}
        >
          <span className="guide-gap-text">No guide data for this time</span>
        </div>
      )}
    </div>
  );
});

/** The programme the keyboard cursor rests on: the one airing at `at`, else the next, else the last. */
export function tabStop(programmes: readonly GuideProgramme[], at: number): number {
  let next = -1;
  for (let i = 0; i < programmes.length; i++) {
    const p = programmes[i]!;
    if (p.start <= at && endOf(p) > at) return i;
    if (next === -1 && p.start > at) next = i;
  }
  return next !== -1 ? next : programmes.length - 1;
}

function ChannelCell({ channel, layout }: { channel: GuideChannel; layout: GuideLayout }) {
  const narrow = layout.channelWidth < 120;
  return (
    <div role="rowheader" className="guide-channel" style={{ width: layout.channelWidth }}>
      <ChannelLogo name={channel.name} logoUrl={channel.logoUrl} size={narrow ? 32 : 40} />
      <span className="guide-channel-text">
        {channel.number && <span className="guide-channel-number tabular">{channel.number}</span>}
        <span className={narrow ? 'visually-hidden' : 'guide-channel-name'}>{channel.name}</span>
      </span>
    </div>
  );
}

interface CellProps {
  programme: GuideProgramme;
  x: number;
  width: number;
  status: AiringStatus | undefined;
  onAir: boolean;
  past: boolean;
  progress: number | null;
  tabStop: boolean;
  selected: boolean;
  href: string;
  row: number;
}

const ProgrammeCell = memo(function ProgrammeCell(props: CellProps) {
  const { programme: p, status } = props;
  const episode = formatEpisode(p.season, p.episode);
  const detail = [episode, p.subTitle].filter(Boolean).join(' · ') || formatRange(p.start, endOf(p));
  const classes = ['guide-cell'];
  if (props.onAir) classes.push('on-air');
  if (props.past) classes.push('past');
  if (props.selected) classes.push('selected');
  if (status) classes.push(`state-${status.state}`);
  const described = status ? describeStatus(status) : null;
  const descId = described ? `guide-desc-${p.channelId}-${p.id}` : undefined;
  return (
    <div role="gridcell" className={classes.join(' ')} style={{ left: props.x, width: props.width }}>
      <a
        className="guide-cell-link"
        href={props.href}
        tabIndex={props.tabStop ? 0 : -1}
        data-pid={p.id}
        data-ch={p.channelId}
        data-row={props.row}
        data-start={p.start}
        data-end={endOf(p)}
        title={described ?? undefined}
        aria-describedby={descId}
        aria-current={props.selected ? 'true' : undefined}
      >
        {/* The link is exactly the cell (its box is where a click, a focus scroll or a magnifier goes);
            only this inner track is wider, so the sticky title can slide past the cell's end. */}
        <span className="guide-cell-slide">
          <span className="guide-cell-sticky">
            <span className="guide-cell-title">
              {status && <StatusGlyph state={status.state} />}
              <span className="truncate">{p.title}</span>
              {(p.isNew || p.premiere) && (
                <span className="guide-flag">{p.premiere ? 'Premiere' : 'New'}</span>
              )}
            </span>
            <span className="guide-cell-detail truncate">
              <span className="visually-hidden">{formatRange(p.start, endOf(p))} </span>
              {status && status.state !== 'will-record' ? `${STATE_LABEL[status.state]} · ${detail}` : detail}
            </span>
          </span>
        </span>
        {described && (
          <span id={descId} className="visually-hidden">
            {described}
          </span>
        )}
      </a>
      {props.progress !== null && (
        <span className="guide-progress" style={{ width: `${Math.round(props.progress * 1000) / 10}%` }} />
      )}
    </div>
  );
});

function StatusGlyph({ state }: { state: AiringStatus['state'] }) {
  switch (state) {
    case 'will-record':
      return <span className="guide-rec-dot" aria-hidden="true" />;
    case 'recording':
      return <span className="guide-rec-dot live" aria-hidden="true" />;
    case 'recorded':
      return <Check size={13} className="guide-glyph recorded" aria-hidden="true" />;
    case 'conflict':
      return <AlertTriangle size={13} className="guide-glyph conflict" aria-hidden="true" />;
    case 'failed':
      return <XCircle size={13} className="guide-glyph failed" aria-hidden="true" />;
    case 'skipped':
      return <Ban size={13} className="guide-glyph skipped" aria-hidden="true" />;
  }
}

/** A placeholder row, drawn while the channel list loads. */
export function SkeletonRow({ top, layout }: { top: number; layout: GuideLayout }) {
  return (
    <div className="guide-row" style={{ top, height: layout.rowHeight }} aria-hidden="true">
      <div className="guide-channel" style={{ width: layout.channelWidth }}>
        <span className="skeleton-block" style={{ width: 40, height: 40 }} />
      </div>
      <div className="guide-cell guide-gap skeleton" style={{ left: layout.channelWidth, width: '100%' }} />
    </div>
  );
}
