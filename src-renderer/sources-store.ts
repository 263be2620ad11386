// State of the sources and guide panels: sources, guides, refresh progress, the channel list being
// browsed and the guide window on screen, all kept current by contract events.
import { create } from 'zustand';
import type { TapedeckEvent } from '../src-shared/contract';
import type {
  ChannelListing,
  GroupCount,
  GuideInfo,
  GuideWindow,
  SourceInfo,
  SourceProgress,
} from '../src-shared/domain-sources';
import type { AppClient } from './client';
import { useStore } from './store';

export interface ChannelQuery {
  search: string;
  group: string;
  sourceId: number | null;
}

interface SourcesState {
  sources: SourceInfo[];
  guides: GuideInfo[];
  /** Latest progress per "source:<id>" / "guide:<id>"; removed a few seconds after done/failed. */
  progress: Record<string, SourceProgress>;
  channels: ChannelListing[];
  channelTotal: number;
  groups: GroupCount[];
  query: ChannelQuery;
  window: GuideWindow | null;
  /** When the window was loaded: what has ended by then cannot be recorded any more. */
  windowLoadedAt: number;
  windowStart: number;
  windowHours: number;
  connect(client: AppClient): () => void;
  loadSources(): Promise<void>;
  loadChannels(query?: Partial<ChannelQuery>): Promise<void>;
  loadWindow(start?: number, hours?: number): Promise<void>;
}

export const progressKey = (p: { target: 'source' | 'guide'; id: number }) => `${p.target}:${p.id}`;

function hourFloor(ms: number): number {
  return Math.floor(ms / 3600_000) * 3600_000;
}

/** Runs a read, showing its error in the app's banner (reads must never throw into React). */
async function read<T>(action: (client: AppClient) => Promise<T>): Promise<T | undefined> {
  const client = useStore.getState().client;
  if (!client) return undefined;
  try {
    return await action(client);
  } catch (error) {
    useStore.getState().setError((error as Error).message);
    return undefined;
  }
}

export const useSources = create<SourcesState>((set, get) => {
  // Events come in bursts (an import emits changed events for sources, guides and channels at once):
  // coalesce the reloads they cause.
  const pending = new Set<'sources' | 'channels'>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = (what: 'sources' | 'channels') => {
    pending.add(what);
    timer ??= setTimeout(() => {
      timer = null;
      const todo = new Set(pending);
      pending.clear();
      if (todo.has('sources')) void get().loadSources();
      if (todo.has('channels')) {
        void get().loadChannels();
        void get().loadWindow();
      }
    }, 150);
  };

  return {
    sources: [],
    guides: [],
    progress: {},
    channels: [],
    channelTotal: 0,
    groups: [],
    query: { search: '', group: '', sourceId: null },
    window: null,
    windowLoadedAt: Date.now(),
    windowStart: hourFloor(Date.now()),
    windowHours: 6,

    connect(client) {
      const unsubscribe = client.subscribe((event: TapedeckEvent) => {
        if (event.name === 'sources.progress') {
          const p = event.payload as SourceProgress;
          const key = progressKey(p);
          set((s) => ({ progress: { ...s.progress, [key]: p } }));
          if (p.phase === 'done' || p.phase === 'failed') {
            setTimeout(() => {
              set((s) => {
                if (s.progress[key] !== p) return s;
                const progress = { ...s.progress };
                delete progress[key];
                return { progress };
              });
            }, 4000);
          }
        } else if (event.name === 'sources.changed' || event.name === 'guide.changed') {
          schedule('sources');
        } else if (event.name === 'channels.changed') {
          schedule('channels');
        }
      });
      void get().loadSources();
      void get().loadChannels();
      void get().loadWindow();
      return unsubscribe;
    },

    async loadSources() {
      const [sources, guides] = await Promise.all([
        read((c) => c.call('sources.list', {})),
        read((c) => c.call('guides.list', {})),
      ]);
      if (sources && guides) set({ sources, guides });
    },

    async loadChannels(patch) {
      const query = { ...get().query, ...patch };
      set({ query });
      const [page, groups] = await Promise.all([
        read((c) =>
          c.call('channels.search', {
            ...(query.search.trim() ? { search: query.search.trim() } : {}),
            ...(query.group ? { group: query.group } : {}),
            ...(query.sourceId !== null ? { sourceId: query.sourceId } : {}),
            limit: 200,
          }),
        ),
        read((c) => c.call('channels.groups', query.sourceId !== null ? { sourceId: query.sourceId } : {})),
      ]);
      if (page) set({ channels: page.channels, channelTotal: page.total });
      if (groups) set({ groups });
    },

    async loadWindow(start, hours) {
      const from = start ?? get().windowStart;
      const span = hours ?? get().windowHours;
      set({ windowStart: from, windowHours: span });
      const { query } = get();
      const window = await read((c) =>
        c.call('guide.query', {
          from,
          to: from + span * 3600_000,
          limit: 50,
          // The grid shows times, titles, episodes and flags; a programme's details are fetched
          // when it is opened (guide.programme).
          details: false,
          ...(query.search.trim() ? { search: query.search.trim() } : {}),
          ...(query.group ? { group: query.group } : {}),
        }),
      );
      if (window) set({ window, windowLoadedAt: Date.now() });
    },
  };
});
