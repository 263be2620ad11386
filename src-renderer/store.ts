// App state: recordings, live progress and channels, kept current by contract events.
import { create } from 'zustand';
import type { TapedeckEvent } from '../src-shared/contract';
import type { Channel, Recording, RecordingProgress } from '../src-shared/domain';
import type { AppClient } from './client';

interface State {
  client: AppClient | null;
  recordings: Record<number, Recording>;
  progress: Record<number, RecordingProgress>;
  channels: Channel[];
  error: string | null;
  playing: { id: number; url: string } | null;
  connect(client: AppClient): () => void;
  refresh(): Promise<void>;
  setError(message: string | null): void;
  play(id: number): Promise<void>;
  closePlayer(): void;
}

export const useStore = create<State>((set, get) => ({
  client: null,
  recordings: {},
  progress: {},
  channels: [],
  error: null,
  playing: null,
  connect(client) {
    set({ client });
    const unsubscribe = client.subscribe((event: TapedeckEvent) => {
      if (event.name === 'recording.updated') {
        const recording = event.payload as Recording;
        set((s) => ({ recordings: { ...s.recordings, [recording.id]: recording } }));
      } else if (event.name === 'recording.progress') {
        const p = event.payload as RecordingProgress;
        set((s) => ({ progress: { ...s.progress, [p.id]: p } }));
      } else if (event.name === 'recording.deleted') {
        const { id } = event.payload as { id: number };
        set((s) => {
          const recordings = { ...s.recordings };
          delete recordings[id];
          return { recordings };
        });
      } else if (event.name === 'channels.changed') {
        void client.call('channels.list', {}).then((channels) => set({ channels }));
      }
    });
    void get().refresh();
    return unsubscribe;
  },
  async refresh() {
    const client = get().client;
    if (!client) return;
    try {
      const [list, channels] = await Promise.all([
        client.call('recordings.list', {}),
        client.call('channels.list', {}),
      ]);
      set({ recordings: Object.fromEntries(list.map((r) => [r.id, r])), channels });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  setError: (error) => set({ error }),
  async play(id) {
    const client = get().client;
    if (!client) return;
    set({ playing: { id, url: await client.mediaUrl(id) } });
  },
  closePlayer: () => set({ playing: null }),
}));

/** Runs a command, showing its error in the banner instead of throwing into React. */
export async function run<T>(action: (client: AppClient) => Promise<T>): Promise<T | undefined> {
  const { client, setError } = useStore.getState();
  if (!client) return undefined;
  try {
    const result = await action(client);
    setError(null);
    return result;
  } catch (error) {
    setError((error as Error).message);
    return undefined;
  }
}
