// Runs the planner (planner.ts) whenever what it depends on changes, and answers the upcoming list.
//
// Triggers (coalesced: a burst of events is one evaluation shortly after): a rule added, changed or
// removed; a guide or source refreshed (programmes moved, limits changed); channels remapped; a recording
// finished, cancelled or deleted (the history and the free connections changed); every hour (the horizon
// moves on); and a clock jump or a resume from sleep (reconcile reports it). Evaluations run one at a
// time; one asked for while one runs runs once more after it.
import type { Recording } from '../../../src-shared/domain';
import type { Rule, RulePreview } from '../../../src-shared/domain-rules';
import type { Db } from '../db/open';
import { ruleSkips, rules as rulesTable } from '../db/schema';
import type { Clock, EventBus } from '../events';
import type { Recorder } from '../record/recorder';
import type { PlannedRecording, RecordingStore } from '../recordings/store';
import { EpisodeHistory } from './episode-history';
import { channelNames } from './upcoming';
import { GuideAirings, GuideScanCache } from './guide-airings';
import { programmeKey, programmeRef } from './plan-candidates';
import { HORIZON_MS, makePlan, type ConnectionMap, type Plan, type PlanInputs } from './planner';
import type { RuleStore } from './rule-store';
import { eq } from 'drizzle-orm';

/** A burst of triggers becomes one evaluation this long after the first. */
const DEBOUNCE_MS = 250;
const HOURLY_MS = 3600_000;
/** A guide may move a programme this far and a recording made from it still follows. */
const FOLLOW_WITHIN_MS = 6 * 3600_000;

export interface PlanServiceDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  recordings: RecordingStore;
  rules: RuleStore;
  recorder: Recorder;
  connections: () => ConnectionMap;
  defaults: () => PlanInputs['defaults'] & { timeZone: string };
}

export class PlanService {
  readonly history: EpisodeHistory;
  private readonly scans = new GuideScanCache();
  private timer: NodeJS.Timeout | null = null;
  private hourly: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  /** True while this service emits its own events (they must not trigger it again). */
  private emitting = false;

  constructor(private readonly deps: PlanServiceDeps) {
    this.history = new EpisodeHistory(deps.db);
  }

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((event) => {
      if (this.emitting) return;
      switch (event.name) {
        case 'recording.updated': {
          const r = event.payload as Recording;
          if (r.status === 'completed') this.history.remember(r, this.deps.clock.now());
          if (r.status === 'completed' || r.status === 'failed' || r.status === 'cancelled') this.soon();
          return;
        }
        case 'recording.deleted':
          this.history.tombstone((event.payload as { id: number }).id, this.deps.clock.now());
          this.soon();
          return;
        case 'guide.changed':
        case 'sources.changed':
        case 'channels.changed':
        case 'rules.changed':
          this.soon();
          return;
        default:
      }
    });
    this.hourly = setInterval(() => this.soon(), HOURLY_MS);
    this.hourly.unref();
    this.soon();
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    if (this.hourly) clearInterval(this.hourly);
    this.timer = null;
    this.hourly = null;
  }

  /** An evaluation shortly (bursts of triggers coalesce). */
  soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.evaluate().catch((error: unknown) => console.error('planning failed:', error));
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  /** Evaluates now (one at a time; a call while one runs gets one more run after it). */
  evaluate(): Promise<void> {
    if (!this.running) {
      this.running = Promise.resolve()
        .then(() => this.evaluateOnce())
        .finally(() => {
          this.running = null;
        });
      return this.running;
    }
    this.again ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.again = null;
        return this.evaluate();
      });
    return this.again;
  }

  /** What a rule (saved or not) would record and skip, without writing anything. */
  preview(rule: Rule): RulePreview {
    const inputs = this.inputs([rule]);
    const plan = makePlan(inputs);
    const upcoming = planToUpcoming(plan, rule, channelNames(this.deps.db));
    return { airings: upcoming, warnings: plan.warnings.get(rule.id) ?? [] };
  }

  private inputs(rules: Rule[]): PlanInputs {
    const now = this.deps.clock.now();
    const defaults = this.deps.defaults();
    return {
      now,
      rules,
      airings: new GuideAirings(this.deps.db, now - 6 * 3600_000, now + HORIZON_MS, this.scans),
      history: this.history.index(),
      overrides: this.deps.rules.overrides(),
      active: this.deps.recordings.list({ status: ['scheduled', 'recording'] }),
      connections: this.deps.connections(),
      defaults,
      formatTime: (ms) => formatLocal(ms, defaults.timeZone, now),
    };
  }

  private async evaluateOnce(): Promise<void> {
    const inputs = this.inputs(this.deps.rules.all());
    // Following the guide may move recordings: plan on what is there after it.
    const moved = this.followGuide(inputs);
    const plan = makePlan(
      moved
        ? { ...inputs, active: this.deps.recordings.list({ status: ['scheduled', 'recording'] }) }
        : inputs,
    );
    // A recording keeps its programme whole (description, categories...): load what the plan skipped.
    inputs.airings.loadDetails(plan.airings.flatMap((a) => (a.programme ? [a.programme] : [])));
    const planned: PlannedRecording[] = plan.airings.map((a) => ({
      title: a.title,
      channelId: a.channelId,
      url: null,
      startAt: a.start,
      endAt: a.end,
      padBeforeMs: a.padBeforeMs,
      padAfterMs: a.padAfterMs,
      container: a.rule.container ?? inputs.defaults.container,
      ruleId: a.rule.id,
      airingKey: a.key,
      programmeId: a.programme?.programmeId ?? null,
      programme: a.programme ? programmeRef(a.programme) : null,
      conflict: a.conflict,
      planNote: a.note,
      reason: `scheduled by rule "${a.rule.name}"`,
    }));
    const skipReason = new Map(plan.skips.map((s) => [s.key, s.reason]));
    const { db } = this.deps;
    const changes = db.transaction(() => {
      const result = this.deps.recordings.applyPlan({
        planned,
        removalReason: (key) =>
          `no longer planned${skipReason.has(key) ? `: ${skipReason.get(key)}` : ': the rule no longer matches this airing'}`,
        others: plan.others,
      });
      db.delete(ruleSkips).run();
      // Hundreds to thousands of rows: one prepared statement, not a query built per row.
      const insertSkip = db.$client.prepare(
        `INSERT INTO rule_skips (rule_id, airing_key, channel_id, programme_id, start_at, end_at, title, sub_title,
            season, episode, skip, reason, duplicate_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const s of plan.skips) {
        insertSkip.run(
          s.ruleId,
          s.key,
          s.channelId,
          s.programmeId,
          s.start,
          s.end,
          s.title,
          s.subTitle,
          s.season,
          s.episode,
          s.skip,
          s.reason,
          s.duplicateOf === null ? null : JSON.stringify(s.duplicateOf),
        );
      }
      const counts = new Map<number, number>();
      for (const a of plan.airings) counts.set(a.rule.id, (counts.get(a.rule.id) ?? 0) + 1);
      for (const rule of inputs.rules) {
        const warnings = rule.enabled ? (plan.warnings.get(rule.id) ?? []) : [];
        const upcoming = counts.get(rule.id) ?? 0;
        if (rule.upcoming !== upcoming || JSON.stringify(rule.warnings) !== JSON.stringify(warnings)) {
          db.update(rulesTable).set({ upcoming, warnings }).where(eq(rulesTable.id, rule.id)).run();
        }
      }
      return result;
    });
    this.emitting = true;
    try {
      this.deps.recordings.emitChanged(changes);
      this.deps.bus.emit('upcoming.changed', { at: this.deps.clock.now() });
    } finally {
      this.emitting = false;
    }
  }

  /**
   * Recordings made from a guide programme follow it: a scheduled one moves with it (new times, an
   * overrun) until it starts, or says it is no longer in the guide; a running one is extended when the
   * guide moves its end later. Rule-made scheduled recordings are simply planned again.
   */
  /** Returns whether it changed any recording. */
  private followGuide(inputs: PlanInputs): boolean {
    let changed = false;
    for (const r of inputs.active) {
      const p = r.programme;
      if (!p || (r.status === 'scheduled' && r.ruleId !== null)) continue;
      const found = inputs.airings.findProgramme(
        p.guideId,
        p.xmltvChannelId,
        p.start,
        p.title,
        FOLLOW_WITHIN_MS,
      );
      const oldStop = p.stop ?? r.endAt;
      if (r.status === 'recording') {
        // Once started, only a later end counts: the capture runs on for the overrun (by as much as the
        // guide moved it, so an end the user set by hand keeps its distance).
        if (found && found.stop > oldStop) {
          const endAt = r.endAt + (found.stop - oldStop);
          changed = true;
          this.deps.recordings.update(
            r.id,
            { endAt, programme: programmeRef(found) },
            `the guide moved the end to ${inputs.formatTime(found.stop)}: recording longer`,
          );
          this.deps.recorder.setWindowEnd(r.id, endAt + r.padAfterMs);
        }
        continue;
      }
      if (!found) {
        const note = 'no longer in the guide; kept at its time';
        if (r.planNote !== note) {
          changed = true;
          this.deps.recordings.update(
            r.id,
            { planNote: note },
            `the guide dropped "${p.title}"; the recording is kept at its time`,
          );
        }
        continue;
      }
      // The programme itself did not move: nothing to follow (times the user edited stay as they are).
      if (found.start === p.start && found.stop === oldStop) continue;
      // It moved: the recording moves with it, by as much as each end moved.
      const startAt = r.startAt + (found.start - p.start);
      const endAt = Math.max(startAt + 60_000, r.endAt + (found.stop - oldStop));
      changed = true;
      this.deps.recordings.update(
        r.id,
        {
          startAt,
          endAt,
          programme: programmeRef(found),
          programmeId: found.programmeId,
          airingKey: programmeKey(found),
          planNote: `moved by the guide: was ${inputs.formatTime(p.start)}, now ${inputs.formatTime(found.start)}–${inputs.formatTime(found.stop)}`,
        },
        `the guide moved "${p.title}" to ${inputs.formatTime(found.start)}–${inputs.formatTime(found.stop)}; the recording follows`,
      );
    }
    return changed;
  }
}

/** The upcoming list of one rule's plan (for preview: nothing is written, so nothing has an id yet). */
function planToUpcoming(plan: Plan, rule: Rule, names: ReadonlyMap<number, string>): RulePreview['airings'] {
  // An unsaved rule (previewed while typed) has id 0 here and none to the client.
  const ruleId = rule.id === 0 ? null : rule.id;
  const out: RulePreview['airings'] = [];
  for (const a of plan.airings) {
    if (a.rule.id !== rule.id) continue;
    out.push({
      key: a.key,
      state: a.conflict ? 'conflict' : 'will-record',
      ruleId,
      ruleName: rule.name,
      recordingId: null,
      reason: a.conflict ?? a.note,
      skip: null,
      channelId: a.channelId,
      channelName: names.get(a.channelId) ?? null,
      title: a.title,
      subTitle: a.programme?.subTitle ?? null,
      season: a.programme?.season ?? null,
      episode: a.programme?.episode ?? null,
      start: a.start,
      end: a.end,
      padBeforeMs: a.padBeforeMs,
      padAfterMs: a.padAfterMs,
      programmeId: a.programme?.programmeId ?? null,
      duplicateOf: null,
      fixes: [],
    });
  }
  for (const s of plan.skips) {
    if (s.ruleId !== rule.id) continue;
    out.push({
      key: s.key,
      state: 'skipped',
      ruleId,
      ruleName: rule.name,
      recordingId: null,
      reason: s.reason,
      skip: s.skip,
      channelId: s.channelId,
      channelName: s.channelId === null ? null : (names.get(s.channelId) ?? null),
      title: s.title,
      subTitle: s.subTitle,
      season: s.season,
      episode: s.episode,
      start: s.start,
      end: s.end,
      padBeforeMs: 0,
      padAfterMs: 0,
      programmeId: s.programmeId,
      duplicateOf: s.duplicateOf,
      fixes: [],
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** "20:00" today, "Sat 5 Dec 20:00" another day, in the user's zone. */
export function formatLocal(ms: number, zone: string, now: number): string {
  const f = formattersFor(zone);
  const day = (t: number) => f.day.format(t);
  return day(ms) === day(now) ? f.time.format(ms) : f.dayTime.format(ms);
}

/** Reasons quote times by the thousand per plan: one set of Intl formatters per zone. */
const formatters = new Map<
  string,
  { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat; dayTime: Intl.DateTimeFormat }
>();
function formattersFor(zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    const base = { timeZone: zone, hourCycle: 'h23' } as const;
    f = {
      time: new Intl.DateTimeFormat('en-GB', { ...base, hour: '2-digit', minute: '2-digit' }),
      day: new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }),
      dayTime: new Intl.DateTimeFormat('en-GB', {
        ...base,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      }),
    };
    formatters.set(zone, f);
  }
  return f;
}
