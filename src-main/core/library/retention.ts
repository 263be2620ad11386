// Which recordings cleanup deletes, and why: one pure function (no database, no clock, no disk), so a dry
// run and a real run choose the same files, and the disk forecast can ask what cleanup would free on a
// day to come. The runner (cleanup.ts) gathers the library and deletes what this chooses.
//
// The rules, in order (a recording is deleted for the first that applies):
//  1. keep-last: a rule with keepLast N keeps its N newest completed recordings (by start); older
//     completed ones of that rule go. Only completed ones count and go: a failed or cancelled
//     recording is not one of "the last N episodes".
//  2. older-than: with keepDays D, every finished recording (completed, cancelled or failed) that
//     ended more than D days ago.
//  3. free-space: with keepFreeGiB R, only when the free space (after 1 and 2) is below R: watched
//     recordings first, then unwatched ones, each oldest (by start) first, until R is free. Only
//     recordings that take space count.
// Protected recordings are never chosen, and count for no rule's N (they are kept apart from it).
// Recordings in progress are never given to this function (the runner leaves them out).
import type { CleanupReason } from '../../../src-shared/domain-library-space';

const DAY_MS = 24 * 3600_000;
export const GIB = 1024 ** 3;

/** A finished recording, as cleanup sees it. */
export interface LibraryItem {
  id: number;
  title: string;
  status: 'completed' | 'cancelled' | 'failed';
  ruleId: number | null;
  startAt: number;
  /** When it ended (the capture's end, else its window's). */
  endedAt: number;
  bytes: number;
  path: string | null;
  protected: boolean;
  watchedAt: number | null;
}

export interface RetentionPolicy {
  keepDays: number | null;
  keepFreeBytes: number | null;
  /** Rules with a keep count: id -> { N, name }. */
  keepLast: ReadonlyMap<number, { count: number; name: string }>;
}

export interface Choice {
  item: LibraryItem;
  reason: CleanupReason;
  detail: string;
}

export interface RetentionPlan {
  chosen: Choice[];
  freedBytes: number;
  /** keepFreeBytes still missing after every allowed deletion (0: met or not asked). */
  shortfallBytes: number;
}

/** Chooses what to delete at `now`, with `freeBytes` free on the recordings disk (null: unknown). */
export function chooseDeletions(
  items: readonly LibraryItem[],
  policy: RetentionPolicy,
  now: number,
  freeBytes: number | null,
): RetentionPlan {
  const chosen: Choice[] = [];
  const taken = new Set<number>();
  const take = (item: LibraryItem, reason: CleanupReason, detail: string) => {
    taken.add(item.id);
    chosen.push({ item, reason, detail });
  };
  const deletable = items.filter((i) => !i.protected);

  // 1. keep-last, rule by rule (in rule id order, so the result does not depend on the input's order).
  const byRule = new Map<number, LibraryItem[]>();
  for (const item of deletable) {
    if (item.status !== 'completed' || item.ruleId === null || !policy.keepLast.has(item.ruleId)) continue;
    const list = byRule.get(item.ruleId) ?? [];
    list.push(item);
    byRule.set(item.ruleId, list);
  }
  for (const ruleId of [...byRule.keys()].sort((a, b) => a - b)) {
    const keep = policy.keepLast.get(ruleId)!;
    const newestFirst = byRule.get(ruleId)!.sort((a, b) => b.startAt - a.startAt || b.id - a.id);
    for (const item of newestFirst.slice(keep.count).reverse()) {
      take(item, 'keep-last', `rule "${keep.name}" keeps its last ${keep.count}`);
    }
  }

  // 2. older-than.
  if (policy.keepDays !== null) {
    const before = now - policy.keepDays * DAY_MS;
    for (const item of oldestFirst(deletable)) {
      if (!taken.has(item.id) && item.endedAt < before) {
        take(item, 'older-than', `ended more than ${plural(policy.keepDays, 'day')} ago`);
      }
    }
  }

  let freedBytes = chosen.reduce((sum, c) => sum + c.item.bytes, 0);
  let shortfallBytes = 0;

  // 3. free-space, only when needed (and only when the free space is known).
  if (policy.keepFreeBytes !== null && freeBytes !== null) {
    const target = policy.keepFreeBytes;
    const wanted = `${formatGiB(target)} free`;
    const rest = oldestFirst(deletable.filter((i) => !taken.has(i.id) && i.bytes > 0));
    const ordered = [
      ...rest.filter((i) => i.watchedAt !== null),
      ...rest.filter((i) => i.watchedAt === null),
    ];
    for (const item of ordered) {
      if (freeBytes + freedBytes >= target) break;
      take(item, 'free-space', `to keep ${wanted}${item.watchedAt !== null ? ' (watched)' : ''}`);
      freedBytes += item.bytes;
    }
    shortfallBytes = Math.max(0, target - (freeBytes + freedBytes));
  }
  return { chosen, freedBytes, shortfallBytes };
}

function oldestFirst(items: readonly LibraryItem[]): LibraryItem[] {
  return [...items].sort((a, b) => a.startAt - b.startAt || a.id - b.id);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "50 GiB", "1.5 GiB". */
export function formatGiB(bytes: number): string {
  return `${Math.round((bytes / GIB) * 10) / 10} GiB`;
}
