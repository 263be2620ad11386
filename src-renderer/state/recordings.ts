// Every recording, kept current by events: the list screens, Home, the status strip and the details
// read from here. Live progress keeps a short history (the bitrate sparkline) and the capture's state
// (connecting, capturing, reconnecting with why).
import { create } from 'zustand';
import type { CaptureState, Recording, RecordingProgress } from '../../src-shared/domain';
import { api, onEvent } from './connection';

/** Bitrate samples kept per recording for its sparkline (progress comes about once a second). */
const HISTORY = 40;

export interface Live {
  progress: RecordingProgress | null;
  bitrates: number[];
  capture: CaptureState | null;
}

interface RecordingsState {
  byId: Record<number, Recording>;
  live: Record<number, Live>;
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
}

export const useRecordings = create<RecordingsState>((set) => ({
  byId: {},
  live: {},
  loaded: false,
  error: null,
  async load() {
    try {
      const list = await api().call('recordings.list', {});
      set({ byId: Object.fromEntries(list.map((r) => [r.id, r])), loaded: true, error: null });
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error), loaded: true });
    }
  },
}));

const liveOf = (id: number): Live =>
  useRecordings.getState().live[id] ?? { progress: null, bitrates: [], capture: null };

/** Wires the store to the core's events (once, at start-up). */
export function followRecordings(): void {
  onEvent('recording.updated', (r) => {
    useRecordings.setState((s) => {
      const live = { ...s.live };
      // A finished recording has no live state any more.
      if (r.status !== 'recording') delete live[r.id];
      return { byId: { ...s.byId, [r.id]: r }, live };
    });
  });
  onEvent('recording.deleted', ({ id }) => {
    useRecordings.setState((s) => {
      const byId = { ...s.byId };
      const live = { ...s.live };
      delete byId[id];
      delete live[id];
      return { byId, live };
    });
  });
  onEvent('recording.progress', (p) => {
    const current = liveOf(p.id);
    const bitrates =
      p.bitrateKbps === null ? current.bitrates : [...current.bitrates, p.bitrateKbps].slice(-HISTORY);
    // Bytes arriving mean it captures, whatever the last state said.
    const capture: CaptureState = { id: p.id, state: 'capturing', reason: null, retryAt: null, at: p.at };
    useRecordings.setState((s) => ({ live: { ...s.live, [p.id]: { progress: p, bitrates, capture } } }));
  });
  onEvent('recording.capture', (c) => {
    const current = liveOf(c.id);
    useRecordings.setState((s) => ({ live: { ...s.live, [c.id]: { ...current, capture: c } } }));
  });
}

/** Recordings in a stable order for lists: by window start, newest last. */
export function sortedByStart(list: readonly Recording[]): Recording[] {
  return [...list].sort((a, b) => a.startAt - a.padBeforeMs - (b.startAt - b.padBeforeMs) || a.id - b.id);
}
