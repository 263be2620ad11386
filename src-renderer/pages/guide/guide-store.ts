// The guide screen's data: the channel rows (for the current group), the groups, and the programme
// cache. Kept while the app runs, so going back to the guide is instant; refreshed when the core says
// channels or guides changed.
import { create } from 'zustand';
import type { GroupCount, GuideProgramme } from '../../../src-shared/domain-sources';
import { coalesce } from '../../state/coalesce';
import { api, onEvent } from '../../state/connection';
import { countUnmapped, fetchProgrammes, loadChannels, type GuideChannel } from './guide-api';
import { floorToHalfHour, timelineSpan } from './guide-math';
import { ProgrammeCache } from './programme-cache';

interface GuideState {
  /** null until the first answer (skeleton rows meanwhile). */
  channels: GuideChannel[] | null;
  /** The group the rows are filtered to; null: all. */
  group: string | null;
  groups: GroupCount[];
  /** Live channels without a guide (the empty state's hint). */
  unmapped: number;
  error: string | null;
  /** The timeline: today's midnight to 14 days on (moved on when the guide opens on a later day). */
  span: { origin: number; end: number };
  /** Where the view last rested (the left edge's half hour): the guide reopens there. */
  viewAt: number;
  load(group: string | null): Promise<void>;
  setViewAt(at: number): void;
  /**
   * The guide opens: a new day moves the timeline on; a view left in the past goes back to now.
   * Returns the time to jump to, or null to stay.
   */
  openedNow(): number | null;
}

let marked = false;
/** The benchmark reads when the first programmes arrived (performance.mark 'guide:data'). */
export const programmeCache = new ProgrammeCache(async (ids, from, to) => {
  const rows = await fetchProgrammes(ids, from, to);
  if (!marked && rows.some((r) => r.programmes.length > 0)) {
    marked = true;
    performance.mark('guide:data');
  }
  return rows;
});

let generation = 0;

export const useGuideStore = create<GuideState>((set, get) => ({
  channels: null,
  group: null,
  groups: [],
  unmapped: 0,
  error: null,
  span: timelineSpan(Date.now()),
  viewAt: Date.now(),
  setViewAt: (viewAt) => set({ viewAt }),
  openedNow() {
    const now = Date.now();
    const span = timelineSpan(now);
    if (span.origin !== get().span.origin) set({ span });
    if (get().viewAt >= floorToHalfHour(now)) return null;
    set({ viewAt: now });
    return now;
  },
  async load(group) {
    const mine = ++generation;
    // Another group's rows would be wrong rows: show skeletons until this group's arrive.
    if (group !== get().group) set({ channels: null, group });
    try {
      const [channels, groups, unmapped] = await Promise.all([
        loadChannels(group),
        api().call('channels.groups', {}),
        countUnmapped(),
      ]);
      if (mine !== generation) return;
      set({ channels, groups, unmapped, error: null });
    } catch (error) {
      if (mine !== generation) return;
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },
}));

let following = false;
/** Reloads rows and programmes when the core's channels or guides change (once per session). */
export function followGuide(): void {
  if (following) return;
  following = true;
  const load = coalesce(() => void useGuideStore.getState().load(useGuideStore.getState().group), 300);
  const reload = (programmes: boolean) => {
    if (programmes) {
      programmeCache.reset();
      detailsCache.clear();
    }
    load();
  };
  onEvent('guide.changed', () => reload(true));
  onEvent('channels.changed', () => reload(false));
  onEvent('sources.changed', () => reload(true));
}

/** Details of the last programmes opened: opening one again is instant. Emptied when a guide changes. */
export const detailsCache = new Map<string, GuideProgramme>();
const DETAILS_KEPT = 50;

export function rememberDetails(channelId: number, programme: GuideProgramme): void {
  const key = `${channelId}:${programme.id}`;
  detailsCache.delete(key);
  detailsCache.set(key, programme);
  // Maps keep insertion order: the first key is the oldest.
  if (detailsCache.size > DETAILS_KEPT) detailsCache.delete(detailsCache.keys().next().value!);
}
