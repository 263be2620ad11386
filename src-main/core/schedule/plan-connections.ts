// A plan's connections: the airings the rules chose and every recording the plan does not make (one-off,
// running) compete for their sources' connections; allocate.ts places them by priority (another source
// carrying the same guide channel, then another airing of the same episode) and the rest become
// conflicts with a reason.
import { MANUAL_PRIORITY, type SkipReason } from '../../../src-shared/domain-rules';
import { allocate } from './allocate';
import type { PlanChannel } from './guide-airings';
import { padsOf, type Candidate } from './plan-candidates';
import type { ChannelOption, Placement, Want } from './plan-types';
import type { Plan, PlanInputs, PlannedAiring, PlannedSkip } from './planner';

/** A rule's chosen airing with the other airings of the same episode it may move to. */
export interface ChosenAiring {
  candidate: Candidate;
  alternatives: Candidate[];
}

export type SkipFn = (
  c: Candidate,
  kind: SkipReason,
  reason: string,
  duplicateOf?: PlannedSkip['duplicateOf'],
) => void;

export function placeConnections(
  inputs: PlanInputs,
  chosen: readonly ChosenAiring[],
  skip: SkipFn,
): { airings: PlannedAiring[]; others: Plan['others'] } {
  // Connections: rule airings and every recording not made by the plan compete for them.
  const wants: Want[] = [];
  const byWant = new Map<string, ChosenAiring>();
  for (const entry of chosen) {
    const c = entry.candidate;
    const pads = padsOf(c.rule, inputs.defaults);
    const id = `a:${c.key}`;
    byWant.set(id, entry);
    wants.push({
      id,
      label: `"${c.title}"`,
      priority: c.rule.priority,
      start: c.start - pads.before,
      end: c.end + pads.after,
      channels: options(inputs, c.channels),
      alternatives: entry.alternatives.map((alt) => ({
        key: alt.key,
        start: alt.start - pads.before,
        end: alt.end + pads.after,
        channels: options(inputs, alt.channels),
      })),
      fixed: false,
    });
  }
  // Every recording the plan does not make: one-off ones, and running ones (which cannot move).
  const others = inputs.active.filter((r) => r.status === 'recording' || r.ruleId === null);
  for (const r of others) {
    // A direct URL belongs to no provider account: it needs no connection of any group.
    if (r.channelId === null) continue;
    const channels = inputs.airings.withAlternatives(r.channelId);
    wants.push({
      id: `r:${r.id}`,
      label: `"${r.title}"`,
      priority: r.status === 'recording' ? Number.MAX_SAFE_INTEGER : MANUAL_PRIORITY,
      start: r.startAt - r.padBeforeMs,
      end: r.endAt + r.padAfterMs,
      channels: options(inputs, r.status === 'recording' ? channels.slice(0, 1) : channels),
      alternatives: [],
      fixed: r.status === 'recording',
    });
  }
  const placements = allocate(wants, inputs.connections.groups, inputs.formatTime);
  const placedBy = new Map<string, Placement>(placements.map((p) => [p.want, p]));

  const airings: PlannedAiring[] = [];
  for (const [id, entry] of byWant) {
    const placement = placedBy.get(id);
    let c = entry.candidate;
    let channelId = c.channels[0]!.id;
    let conflict: string | null = null;
    if (placement?.kind === 'placed') {
      channelId = placement.channelId;
      if (placement.alternative) {
        const alt = entry.alternatives.find((a) => a.key === placement.alternative);
        if (alt) {
          skip(
            c,
            'duplicate',
            `another airing of this episode is recorded instead: ${inputs.formatTime(alt.start)} (no free connection at ${inputs.formatTime(c.start)})`,
            {
              recordingId: null,
              title: alt.title,
              at: alt.start,
            },
          );
          c = alt;
        }
      }
    } else if (placement?.kind === 'conflict') {
      conflict = placement.reason;
    }
    const pads = padsOf(c.rule, inputs.defaults);
    const channel = inputs.airings.channels.get(channelId);
    const preferred = c.channels[0];
    airings.push({
      key: c.key,
      rule: c.rule,
      channelId,
      programme: c.programme,
      title: c.title,
      start: c.start,
      end: c.end,
      padBeforeMs: pads.before,
      padAfterMs: pads.after,
      conflict,
      note:
        c.note ??
        (preferred && channel && preferred.id !== channel.id
          ? `records from ${channel.name} (source ${channel.sourceId}): ${preferred.name} has no free connection then`
          : null),
    });
  }
  const othersOut: Plan['others'] = new Map();
  for (const r of others) {
    const placement = placedBy.get(`r:${r.id}`);
    if (!placement) {
      if (r.channelId === null) othersOut.set(r.id, { conflict: null, channelId: null });
      continue;
    }
    if (placement.kind === 'conflict') {
      othersOut.set(r.id, { conflict: placement.reason, channelId: r.channelId });
    } else {
      const moved = r.channelId !== null && placement.channelId !== r.channelId ? placement.channelId : null;
      const channel = moved ? inputs.airings.channels.get(moved) : null;
      othersOut.set(r.id, {
        conflict: null,
        channelId: moved ?? r.channelId,
        ...(channel
          ? { note: `records from ${channel.name}: its own source has no free connection then` }
          : {}),
      });
    }
  }
  return { airings, others: othersOut };
}

function options(inputs: PlanInputs, channels: readonly PlanChannel[]): ChannelOption[] {
  return channels.map((c) => ({
    channelId: c.id,
    channelName: c.name,
    group: inputs.connections.groupOf(c.id) ?? `channel:${c.id}`,
  }));
}
