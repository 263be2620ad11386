// The status strip and Home: what records now, what is next, disk space. Read from status.get, again
// whenever a recording changes or a minute passes.
import { create } from 'zustand';
import type { StatusSummary } from '../../src-shared/domain';
import { coalesce } from './coalesce';
import { api, onEvent } from './connection';

interface StatusState {
  status: StatusSummary | null;
  refresh(): Promise<void>;
}

export const useStatus = create<StatusState>((set) => ({
  status: null,
  async refresh() {
    try {
      set({ status: await api().call('status.get', {}) });
    } catch {
      // The strip keeps what it had; the connection banner tells the user.
    }
  },
}));

export function followStatus(): void {
  const soon = coalesce(() => void useStatus.getState().refresh(), 300);
  onEvent('recording.updated', soon);
  onEvent('recording.deleted', soon);
  onEvent('upcoming.changed', soon);
  setInterval(soon, 60_000);
  void useStatus.getState().refresh();
}
