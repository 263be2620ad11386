// What will happen to each guide airing, for the cells and the details panel: will record, recording,
// recorded, conflict, failed or skipped (with why). Built from the upcoming list (rules' decisions and
// every scheduled recording, with reasons) and from the recordings store (live, and the only place
// recorded programmes are). Both are keyed by the planner's airing key, prog:<guide>:<channel>:<start>.
import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import type { Recording } from '../../../src-shared/domain';
import type { UpcomingAiring } from '../../../src-shared/domain-rules';
import { coalesce } from '../../state/coalesce';
import { api, onEvent } from '../../state/connection';
import { useRecordings } from '../../state/recordings';
import { airingKey } from './guide-math';

export type AiringState = 'will-record' | 'recording' | 'recorded' | 'conflict' | 'failed' | 'skipped';

export interface AiringStatus {
  state: AiringState;
  /** Why it is skipped, in conflict or failed; null otherwise. */
  reason: string | null;
  recordingId: number | null;
  ruleId: number | null;
  ruleName: string | null;
}

export type StatusMap = ReadonlyMap<string, AiringStatus>;

/** Which of two statuses of one airing to show: what happens beats what does not. */
const RANK: Record<AiringState, number> = {
  recording: 6,
  conflict: 5,
  'will-record': 5,
  recorded: 4,
  failed: 3,
  skipped: 2,
};

export const STATE_LABEL: Record<AiringState, string> = {
  'will-record': 'Will record',
  recording: 'Recording',
  recorded: 'Recorded',
  conflict: 'Conflict',
  failed: 'Failed',
  skipped: 'Skipped',
};

function recordingKey(r: Recording): string | null {
  if (r.airingKey?.startsWith('prog:')) return r.airingKey;
  return r.programme ? airingKey(r.programme) : null;
}

export function fromRecording(r: Recording): AiringStatus | null {
  const base = { recordingId: r.id, ruleId: r.ruleId, ruleName: null };
  switch (r.status) {
    case 'recording':
      return { ...base, state: 'recording', reason: null };
    case 'scheduled':
      return r.conflict
        ? { ...base, state: 'conflict', reason: r.conflict }
        : { ...base, state: 'will-record', reason: r.planNote };
    case 'completed':
      return { ...base, state: 'recorded', reason: null };
    case 'failed':
      return { ...base, state: 'failed', reason: r.error };
    case 'cancelled':
      return null;
  }
}

function fromUpcoming(a: UpcomingAiring): AiringStatus {
  return {
    state: a.state,
    reason: a.reason,
    recordingId: a.recordingId,
    ruleId: a.ruleId,
    ruleName: a.ruleName,
  };
}

/** The status of every airing either source knows, by airing key. */
export function buildStatusMap(
  upcoming: readonly UpcomingAiring[],
  recordings: Readonly<Record<number, Recording>>,
): Map<string, AiringStatus> {
  const map = new Map<string, AiringStatus>();
  const put = (key: string, status: AiringStatus, live: boolean) => {
    const old = map.get(key);
    // The recordings store is newer than the last upcoming list: it wins a tie.
    if (!old || RANK[status.state] > RANK[old.state] || (live && RANK[status.state] === RANK[old.state])) {
      // Keep the rule's name the upcoming list knew.
      map.set(key, { ...status, ruleName: status.ruleName ?? old?.ruleName ?? null });
    }
  };
  for (const a of upcoming) {
    if (!a.key.startsWith('prog:')) continue;
    // The recording it names was cancelled since: the upcoming list is about to say so.
    if (a.recordingId !== null && recordings[a.recordingId]?.status === 'cancelled') continue;
    put(a.key, fromUpcoming(a), false);
  }
  for (const r of Object.values(recordings)) {
    const key = recordingKey(r);
    const status = key ? fromRecording(r) : null;
    if (key && status) put(key, status, true);
  }
  return map;
}

/** "Skipped: duplicate of …": the text a cell's tooltip and description give. */
export function describeStatus(status: AiringStatus): string {
  const label = STATE_LABEL[status.state];
  const rule = status.ruleName ? ` (rule “${status.ruleName}”)` : '';
  return status.reason ? `${label}${rule}: ${status.reason}` : `${label}${rule}`;
}

interface UpcomingState {
  airings: UpcomingAiring[];
  loaded: boolean;
  load(): Promise<void>;
}

const useUpcoming = create<UpcomingState>((set) => ({
  airings: [],
  loaded: false,
  async load() {
    try {
      set({ airings: await api().call('upcoming.list', {}), loaded: true });
    } catch {
      // Cells show what the recordings store knows; the next event tries again.
      set({ loaded: true });
    }
  },
}));

let following = false;
function follow(): void {
  if (following) return;
  following = true;
  const soon = coalesce(() => void useUpcoming.getState().load(), 250);
  onEvent('upcoming.changed', soon);
  onEvent('rules.changed', soon);
  void useUpcoming.getState().load();
}

/** Every airing's status, kept current by the core's events. */
export function useStatusMap(): StatusMap {
  useEffect(follow, []);
  const airings = useUpcoming((s) => s.airings);
  const recordings = useRecordings((s) => s.byId);
  return useMemo(() => buildStatusMap(airings, recordings), [airings, recordings]);
}

/** For tests: the upcoming list as if the core had answered. */
export function setUpcomingForTest(airings: UpcomingAiring[]): void {
  useUpcoming.setState({ airings, loaded: true });
}
