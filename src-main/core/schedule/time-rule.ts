// A time rule's occurrences ("weekdays 18:00 for an hour on channel 5") over a range of instants.
// Wall-clock time: 18:00 stays 18:00 in the rule's zone across daylight-saving changes, so the UTC
// instant moves by an hour twice a year.
//
// Daylight-saving nights, defined (luxon's own choice differs in both cases, so we decide ourselves:
// DateTime.fromObject moves a time in the spring gap forward by the gap's length, 02:30 -> 03:30, and
// picks the LATER of the two autumn 02:30s):
//  - a time that does not exist that day (spring forward; 02:30 on 2026-03-29 in Europe/Berlin, where the
//    clocks jump from 02:00 to 03:00): the slot starts at the jump, the first instant after the gap
//    (03:00 local), and keeps its duration. Note: "02:30 does not exist on 2026-03-29 (clocks go
//    forward); starts at 03:00".
//  - a time that happens twice (fall back; 02:30 on 2026-10-25 in Berlin, 01:30 on 2026-11-01 in
//    America/New_York): recorded once, at the first occurrence (the earlier instant, still summer
//    time). Note: "02:30 happens twice on 2026-10-25 (clocks go back); records the first (UTC+02:00)".
//  - a whole local date that does not exist (Pacific/Apia skipped 2011-12-30): no slot that day.
// Pure: the range is a parameter, no clock is read.
import type { TimeRuleConfig } from '../../../src-shared/domain-rules';
import type { TimeSlot } from './plan-types';
import {
  clockOfMinute,
  DAY_MS,
  dateOfDay,
  dayOfDate,
  formatOffset,
  MINUTE_MS,
  minuteOfClock,
  weekdayOfDay,
  zoneClock,
  type ZoneClock,
} from './zone-time';

/**
 * The rule's slots that are not over at `from` and start before `to`: every slot whose start lies in
 * [from, to), and also one that started before `from` and is still running then (end > from); the
 * planner can tell it by start < from (too late to record whole: its 'past' decision, not ours).
 * Only dates (in the rule's zone) on the rule's weekdays and within from/until (inclusive) count; a
 * slot belongs to the local date its wall-clock start names, wherever its end falls (23:00 for three
 * hours on Friday is Friday's). Slots are in start order. See the top of this file for DST nights.
 */
export function timeRuleSlots(config: TimeRuleConfig, from: number, to: number): TimeSlot[] {
  if (!(from < to)) return [];
  const clock = zoneClock(config.tz);
  const at = minuteOfClock(config.at);
  const days = new Set(config.days);
  // A slot can start this many local days before `from` and still be running at it (durations are at
  // most 24 hours; one more day covers the zone's offset).
  let first = clock.local(from).day - Math.ceil(config.durationMs / DAY_MS) - 1;
  let last = clock.local(to).day + 1;
  if (config.from !== null) first = Math.max(first, dayOfDate(config.from));
  if (config.until !== null) last = Math.min(last, dayOfDate(config.until));

  const slots: TimeSlot[] = [];
  for (let day = first; day <= last; day++) {
    if (!days.has(weekdayOfDay(day))) continue;
    const resolved = resolveWallClock(clock, day, at);
    if (resolved === null) continue;
    const end = resolved.start + config.durationMs;
    if (end > from && resolved.start < to)
      slots.push({ start: resolved.start, end, localDate: dateOfDay(day), note: resolved.note });
  }
  return slots;
}

/**
 * The instant a wall-clock time names on a local date (days since 1970-01-01) in a zone, with the
 * DST-night rules above; null when the date itself does not exist there.
 *
 * The wall time read as if it were UTC is `wall`; the instant is wall - offset for an offset the zone
 * really has at that instant. A transition is never closer than a day to another, so the offsets a day
 * before and a day after (and at `wall` itself) are all the candidates: one fits on an ordinary day,
 * both in the autumn overlap, none in the spring gap.
 */
export function resolveWallClock(
  clock: ZoneClock,
  day: number,
  minuteOfDay: number,
): { start: number; note: string | null } | null {
  const wall = day * DAY_MS + minuteOfDay * MINUTE_MS;
  const before = clock.offsetMin(wall - DAY_MS);
  const after = clock.offsetMin(wall + DAY_MS);
  const fits: number[] = [];
  for (const offset of new Set([before, clock.offsetMin(wall), after])) {
    const instant = wall - offset * MINUTE_MS;
    if (clock.offsetMin(instant) === offset) fits.push(instant);
  }
  fits.sort((a, b) => a - b);
  const at = clockOfMinute(minuteOfDay);
  const date = dateOfDay(day);

  const earliest = fits[0];
  if (earliest !== undefined) {
    if (fits.length === 1) return { start: earliest, note: null };
    const offset = clock.offsetMin(earliest);
    return {
      start: earliest,
      note: `${at} happens twice on ${date} (clocks go back); records the first (${formatOffset(offset)})`,
    };
  }

  // In the gap. Read with the earlier offset the wall time lands after the jump, with the later one
  // before it: the jump lies between; find its first instant (offsets change on whole milliseconds).
  let lo = wall - after * MINUTE_MS; // still the old offset
  let hi = wall - before * MINUTE_MS; // already the new one
  const old = clock.offsetMin(lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (clock.offsetMin(mid) === old) lo = mid;
    else hi = mid;
  }
  const local = clock.local(hi);
  if (local.day !== day) return null; // the whole date was skipped
  return {
    start: hi,
    note: `${at} does not exist on ${date} (clocks go forward); starts at ${clockOfMinute(local.minuteOfDay)}`,
  };
}
