// The upcoming list: every scheduled or running recording in the next days, and every airing a rule
// matched but will not record (from the last evaluation), each with its reason and its one-click fixes.
import { and, gte, lt } from 'drizzle-orm';
import type { Recording } from '../../../src-shared/domain';
import {
  MANUAL_PRIORITY,
  type Rule,
  type UpcomingAiring,
  type UpcomingFix,
} from '../../../src-shared/domain-rules';
import type { Db } from '../db/open';
import { ruleSkips } from '../db/schema-history';
import type { RecordingStore } from '../recordings/store';
import type { ConnectionMap } from './planner';

export interface UpcomingQuery {
  now: number;
  days: number;
  ruleId?: number;
  skipped: boolean;
}

export function upcomingList(
  deps: { db: Db; recordings: RecordingStore; rules: Rule[]; connections: ConnectionMap },
  query: UpcomingQuery,
): UpcomingAiring[] {
  const to = query.now + query.days * 24 * 3600_000;
  const rulesById = new Map(deps.rules.map((r) => [r.id, r]));
  const active = deps.recordings.list({ status: ['scheduled', 'recording'] });
  const channelName = channelNames(deps.db);
  const out: UpcomingAiring[] = [];
  for (const r of active) {
    if (query.ruleId !== undefined && r.ruleId !== query.ruleId) continue;
    if (r.startAt - r.padBeforeMs >= to) continue;
    const rule = r.ruleId !== null ? (rulesById.get(r.ruleId) ?? null) : null;
    out.push(
      recordingAiring(r, {
        state: r.status === 'recording' ? 'recording' : r.conflict ? 'conflict' : 'will-record',
        ruleName: rule?.name ?? null,
        reason: r.conflict ?? r.planNote,
        skip: null,
        fixes: r.conflict ? conflictFixes(r, rule, active, deps.connections, rulesById) : [],
      }),
    );
  }
  if (query.skipped) {
    const rows = deps.db
      .select()
      .from(ruleSkips)
      .where(and(gte(ruleSkips.endAt, query.now), lt(ruleSkips.startAt, to)))
      .all();
    for (const s of rows) {
      if (query.ruleId !== undefined && s.ruleId !== query.ruleId) continue;
      const rule = rulesById.get(s.ruleId) ?? null;
      const fixes: UpcomingFix[] = [];
      if (s.skip === 'cancelled') fixes.push({ kind: 'restore', ruleId: s.ruleId, key: s.airingKey });
      if (s.skip === 'duplicate' && s.reason.startsWith('another airing of this episode')) {
        fixes.push({
          kind: 'other-airing',
          ruleId: s.ruleId,
          key: s.airingKey,
          start: s.startAt,
          channelName: null,
        });
      }
      out.push({
        key: s.airingKey,
        state: 'skipped',
        ruleId: s.ruleId,
        ruleName: rule?.name ?? null,
        recordingId: null,
        reason: s.reason,
        skip: s.skip,
        channelId: s.channelId,
        channelName: s.channelId === null ? null : (channelName.get(s.channelId) ?? null),
        title: s.title,
        subTitle: s.subTitle,
        season: s.season,
        episode: s.episode,
        start: s.startAt,
        end: s.endAt,
        padBeforeMs: rule?.padBeforeMs ?? 0,
        padAfterMs: rule?.padAfterMs ?? 0,
        programmeId: s.programmeId,
        duplicateOf: s.duplicateOf ?? null,
        fixes,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start || (a.recordingId ?? 0) - (b.recordingId ?? 0));
}

/** Channel id -> name, for airings that have only an id. */
/** A recording as an entry of the upcoming list: its own times, title and episode; the rest as given. */
export function recordingAiring(
  r: Recording,
  entry: Pick<UpcomingAiring, 'state' | 'ruleName' | 'reason' | 'skip' | 'fixes'>,
): UpcomingAiring {
  return {
    key: r.airingKey ?? `recording:${r.id}`,
    ruleId: r.ruleId,
    recordingId: r.id,
    channelId: r.channelId,
    channelName: r.channelName,
    title: r.title,
    subTitle: r.programme?.subTitle ?? null,
    season: r.programme?.season ?? null,
    episode: r.programme?.episode ?? null,
    start: r.startAt,
    end: r.endAt,
    padBeforeMs: r.padBeforeMs,
    padAfterMs: r.padAfterMs,
    programmeId: null,
    duplicateOf: null,
    ...entry,
  };
}

export function channelNames(db: Db): Map<number, string> {
  const rows = db.$client.prepare('SELECT id, name FROM channels').raw().all() as Array<[number, string]>;
  return new Map(rows);
}

/**
 * A conflict's fixes: raise its rule's priority above the recordings it competes with, drop one of
 * those, or record another airing of the episode (listed on that airing's skip, see above).
 */
function conflictFixes(
  r: Recording,
  rule: Rule | null,
  active: readonly Recording[],
  connections: ConnectionMap,
  rulesById: ReadonlyMap<number, Rule>,
): UpcomingFix[] {
  const group = r.channelId === null ? null : connections.groupOf(r.channelId);
  const start = r.startAt - r.padBeforeMs;
  const end = r.endAt + r.padAfterMs;
  const rivals = active.filter(
    (o) =>
      o.id !== r.id &&
      !o.conflict &&
      o.channelId !== null &&
      connections.groupOf(o.channelId) === group &&
      o.startAt - o.padBeforeMs < end &&
      o.endAt + o.padAfterMs > start,
  );
  const fixes: UpcomingFix[] = [];
  if (rule) {
    const priorityOf = (o: Recording) =>
      o.ruleId === null ? MANUAL_PRIORITY : (rulesById.get(o.ruleId)?.priority ?? 0);
    const top = Math.max(...rivals.map(priorityOf), rule.priority);
    fixes.push({ kind: 'raise-priority', ruleId: rule.id, to: Math.min(1000, top + 1) });
  }
  for (const o of rivals) {
    if (o.status === 'scheduled') fixes.push({ kind: 'drop', recordingId: o.id, title: o.title });
  }
  return fixes;
}
