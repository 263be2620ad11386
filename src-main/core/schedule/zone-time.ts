// Local wall-clock time in an IANA zone, fast enough to run for every airing of a 14-day plan.
//
// luxon answers a zone's UTC offset at an instant (Zone.offset, through Intl), which costs a few
// microseconds a call; a DateTime per airing costs more. The offset only changes at a daylight-saving
// (or political) transition, so we cache it per UTC hour: when the offset at the hour's first and last
// millisecond agree, the whole hour has it (two transitions within one hour do not happen); an hour
// that contains a transition is marked and asked of luxon instant by instant. Exact, and one Map look-up
// per airing otherwise. Pure: no clock reads; the caches only remember answers.
import { IANAZone } from 'luxon';
import { WEEKDAYS, type Weekday } from '../../../src-shared/domain-rules';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** An instant as read on a wall clock in some zone. */
export interface LocalTime {
  /** Days since 1970-01-01 of the local date (the local date's "UTC midnight" / DAY_MS). */
  day: number;
  /** Minutes since local midnight, 0..1439. */
  minuteOfDay: number;
  weekday: Weekday;
  /** The zone's offset at that instant, in minutes east of UTC. */
  offsetMin: number;
}

/** Enough hours for every zone a user has over a few years of plans; cleared (not evicted) when full. */
const MAX_CACHED_HOURS = 200_000;

export class ZoneClock {
  private readonly zone: IANAZone;
  /** UTC hour index -> offset in minutes, or NaN when a transition happens inside that hour. */
  private readonly hours = new Map<number, number>();

  constructor(readonly tz: string) {
    this.zone = IANAZone.create(tz);
    // The contract validates zones with Intl, as luxon does; an unknown one here is a programming error.
    if (!this.zone.isValid) throw new Error(`unknown time zone: ${tz}`);
  }

  /** The zone's offset at `ms`, in minutes east of UTC (Berlin in summer: 120). */
  offsetMin(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    let cached = this.hours.get(hour);
    if (cached === undefined) {
      const first = this.zone.offset(hour * HOUR_MS);
      const last = this.zone.offset(hour * HOUR_MS + HOUR_MS - 1);
      cached = first === last ? first : Number.NaN;
      if (this.hours.size >= MAX_CACHED_HOURS) this.hours.clear();
      this.hours.set(hour, cached);
    }
    return Number.isNaN(cached) ? this.zone.offset(ms) : cached;
  }

  local(ms: number): LocalTime {
    const offsetMin = this.offsetMin(ms);
    const wall = ms + offsetMin * MINUTE_MS;
    const day = Math.floor(wall / DAY_MS);
    return {
      day,
      minuteOfDay: Math.floor((wall - day * DAY_MS) / MINUTE_MS),
      weekday: weekdayOfDay(day),
      offsetMin,
    };
  }
}

const clocks = new Map<string, ZoneClock>();

/** One shared ZoneClock per zone name (its hour cache is what makes it cheap). */
export function zoneClock(tz: string): ZoneClock {
  let clock = clocks.get(tz);
  if (clock === undefined) {
    clock = new ZoneClock(tz);
    if (clocks.size >= 1_000) clocks.clear();
    clocks.set(tz, clock);
  }
  return clock;
}

/** 1970-01-01 was a Thursday; WEEKDAYS starts on Monday. */
export function weekdayOfDay(day: number): Weekday {
  return WEEKDAYS[(((day + 3) % 7) + 7) % 7] as Weekday;
}

/** "YYYY-MM-DD" -> days since 1970-01-01 (the contract has validated the form). */
export function dayOfDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "HH:MM" -> minutes since midnight (the contract has validated the form). */
export function minuteOfClock(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

export function clockOfMinute(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/** 120 -> "UTC+02:00", -300 -> "UTC-05:00", 630 -> "UTC+10:30". */
export function formatOffset(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  return `UTC${sign}${clockOfMinute(Math.abs(offsetMin))}`;
}
