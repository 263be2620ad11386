// The grid's sticky top strip: the day in the corner, then the rendered half-hour marks (hours and
// day starts stand out; a daylight-saving shift says so on hover), and the head of the now line.
import { memo } from 'react';
import { formatDay, formatTime } from '../../ui/format';
import type { GuideLayout, Tick } from './guide-math';

export const GuideRuler = memo(function GuideRuler({
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
