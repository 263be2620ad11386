// Above the grid: search, the group filter, the day picker and the jumps (now, prime time).
import { Clock, Moon } from 'lucide-react';
import type { GroupCount } from '../../../src-shared/domain-sources';
import { formatDay } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import { localDays, primeTime, sameTimeOnDay, startOfLocalDay, GUIDE_DAYS } from './guide-math';
import { GuideSearch, type GuideSearchProps } from './GuideSearch';

export interface GuideToolbarProps {
  search: GuideSearchProps;
  groups: GroupCount[];
  group: string | null;
  onGroup: (group: string | null) => void;
  /** The left edge's time: the day picker shows its day. */
  viewAt: number;
  span: { origin: number; end: number };
  onJump: (t: number) => void;
  /** Rows shown; null while loading. */
  count: number | null;
}

/** The group select's value for channels without a group (channels.search takes '' for it). */
const NO_GROUP = '\u0000none';

export function GuideToolbar(props: GuideToolbarProps) {
  const { viewAt, span, onJump } = props;
  const days = localDays(span.origin, GUIDE_DAYS);
  const day = startOfLocalDay(viewAt);
  const groupValue = props.group === null ? '' : props.group === '' ? NO_GROUP : props.group;
  return (
    <div className="guide-toolbar" role="toolbar" aria-label="Guide">
      <GuideSearch {...props.search} />
      <div className="guide-toolbar-controls">
        <label className="visually-hidden" htmlFor="guide-group">
          Channel group
        </label>
        <select
          id="guide-group"
          className="guide-group"
          value={groupValue}
          onChange={(e) => {
            const v = e.target.value;
            props.onGroup(v === '' ? null : v === NO_GROUP ? '' : v);
          }}
        >
          <option value="">
            All channels{props.count !== null && props.group === null ? ` (${props.count})` : ''}
          </option>
          {props.groups.map((g) => (
            <option key={g.group ?? NO_GROUP} value={g.group ?? NO_GROUP}>
              {g.group ?? 'No group'}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="guide-day">
          Day
        </label>
        <DaySelect days={days} day={day} onPick={(d) => onJump(sameTimeOnDay(d, viewAt))} />
        <NowButton onJump={onJump} />
        <button
          type="button"
          className="btn"
          onClick={() => onJump(primeTime(day))}
          title="Tonight at 20:00 (on the day shown)"
        >
          <Moon size={16} aria-hidden="true" />
          <span>Prime time</span>
        </button>
      </div>
    </div>
  );
}

function DaySelect({ days, day, onPick }: { days: number[]; day: number; onPick: (day: number) => void }) {
  const now = useNow();
  const known = days.includes(day);
  return (
    <select
      id="guide-day"
      className="guide-day"
      value={known ? String(day) : ''}
      onChange={(e) => onPick(Number(e.target.value))}
    >
      {!known && <option value="">{formatDay(day, now)}</option>}
      {days.map((d) => (
        <option key={d} value={String(d)}>
          {formatDay(d, now)}
        </option>
      ))}
    </select>
  );
}

function NowButton({ onJump }: { onJump: (t: number) => void }) {
  return (
    // The click reads the clock (a handler, not render): "now" is when it is pressed.
    <button
      type="button"
      className="btn"
      onClick={() => onJump(Date.now())}
      title="Back to what is on now (Home)"
    >
      <Clock size={16} aria-hidden="true" />
      <span>Now</span>
    </button>
  );
}
