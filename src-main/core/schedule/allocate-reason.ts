// The sentence a user reads when a recording cannot get a connection: "needs a 3rd connection to
// Provider X at 20:00, held by A and B". Kept apart from the allocator so the wording can change
// without touching the algorithm.

/** Formats an instant for a reason; the planner passes one in the user's zone. */
export type TimeFormatter = (ms: number) => string;

/** The default: "HH:MM" in UTC (arithmetic: a Date per conflict showed in the profile). */
export const utcHourMinute: TimeFormatter = (ms) => {
  const minutes = (((Math.floor(ms / 60_000) % 1440) + 1440) % 1440) | 0;
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
};

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** "A", "A and B", "A, B and C"; past four names, "A, B, C and 3 others". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  const shown = names.length > 4 ? names.slice(0, 3) : names.slice(0, -1);
  const last = names.length > 4 ? `${names.length - 3} others` : names[names.length - 1]!;
  return `${shown.join(', ')} and ${last}`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export interface ConflictFacts {
  groupName: string;
  limit: number;
  /** The first instant at which one more connection would exceed the limit. */
  at: number;
  /** Labels of the wants holding the group's connections then, earliest start first. */
  holders: string[];
  /** Some holders are already recording, which is how the group can be over its limit. */
  overLimitByRecordings: boolean;
  /** What else was tried and was full too. */
  otherChannels: number;
  otherAirings: number;
}

export function conflictReason(facts: ConflictFacts, formatTime: TimeFormatter): string {
  const { groupName, limit, at, holders } = facts;
  const when = formatTime(at);
  let text =
    limit === 0
      ? `needs a connection to ${groupName} at ${when}, which allows none`
      : `needs a ${ordinal(holders.length + 1)} connection to ${groupName} at ${when}`;
  if (holders.length > 0) text += `, held by ${listNames(holders)}`;
  // Recordings under way keep their connection even when the limit went down (or a stale plan let
  // them start): say so, or "a 4th connection" to a provider that allows 2 would read like a bug.
  if (facts.overLimitByRecordings && holders.length > limit) {
    text += ` (${groupName} allows ${plural(limit, 'connection')}; recordings already under way keep theirs)`;
  }
  const tried: string[] = [];
  if (facts.otherChannels > 0) {
    tried.push(facts.otherChannels === 1 ? 'its other channel' : `its ${facts.otherChannels} other channels`);
  }
  if (facts.otherAirings > 0) {
    tried.push(facts.otherAirings === 1 ? 'its other airing' : `its ${facts.otherAirings} other airings`);
  }
  if (tried.length > 0) text += `; no free connection for ${tried.join(' or ')} either`;
  return text;
}
