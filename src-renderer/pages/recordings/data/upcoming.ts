// The upcoming list (upcoming.list: scheduled recordings and the airings rules skip, with reasons and
// fixes), read when the Recordings screen first needs it and again whenever the plan may have changed.
// Kept here rather than in state/ until another screen needs it.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { UpcomingAiring } from '../../../../src-shared/domain-rules';
import { coalesce } from '../../../state/coalesce';
import { api, onEvent } from '../../../state/connection';
import { errorText } from '../../../ui/toast';

interface UpcomingState {
  airings: UpcomingAiring[];
  loaded: boolean;
  error: string | null;
  refresh(): Promise<void>;
}

export const useUpcomingStore = create<UpcomingState>((set) => ({
  airings: [],
  loaded: false,
  error: null,
  async refresh() {
    try {
      const airings = await api().call('upcoming.list', { days: 14, skipped: true });
      set({ airings, loaded: true, error: null });
    } catch (error) {
      set({ loaded: true, error: errorText(error) });
    }
  },
}));

let following = false;

/** Starts following the core's events (once); each burst of changes is one fetch. */
function follow(): void {
  if (following) return;
  following = true;
  const soon = coalesce(() => void useUpcomingStore.getState().refresh(), 250);
  onEvent('upcoming.changed', soon);
  onEvent('recording.updated', soon);
  onEvent('recording.deleted', soon);
  onEvent('rules.changed', soon);
  // The horizon moves on; a skip's "past" comes with the hour.
  setInterval(soon, 5 * 60_000);
  void useUpcomingStore.getState().refresh();
}

export function useUpcoming(): UpcomingState {
  useEffect(follow, []);
  return useUpcomingStore();
}
