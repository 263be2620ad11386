// Sources and guides for the Sources screen, kept current by the core's events: the lists reload when a
// source or guide changes, and each refresh's progress (sources.progress) is kept per source / guide
// until a moment after it ends, so a bar fills up before it goes.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { GuideInfo, SourceInfo, SourceProgress } from '../../../src-shared/domain-sources';
import { coalesce } from '../../state/coalesce';
import { api, onEvent } from '../../state/connection';
import { errorText } from '../../ui/toast';

export type Target = 'source' | 'guide';
export const progressKey = (target: Target, id: number) => `${target}:${id}`;

/** How long a finished bar stays (full, or saying what failed) before the card shows its result. */
const LINGER_MS = 1500;

interface SourcesData {
  sources: SourceInfo[];
  guides: GuideInfo[];
  loaded: boolean;
  error: string | null;
  progress: Record<string, SourceProgress>;
  load(): Promise<void>;
}

export const useSourcesData = create<SourcesData>((set) => ({
  sources: [],
  guides: [],
  loaded: false,
  error: null,
  progress: {},
  async load() {
    try {
      const [sources, guides] = await Promise.all([
        api().call('sources.list', {}),
        api().call('guides.list', {}),
      ]);
      set({ sources, guides, loaded: true, error: null });
    } catch (error) {
      set({ loaded: true, error: errorText(error) });
    }
  },
}));

let following = false;

function follow(): void {
  if (following) return;
  following = true;
  // An import announces sources, guides and channels at once: one reload for the burst.
  const reload = coalesce(() => void useSourcesData.getState().load(), 150);
  onEvent('sources.changed', reload);
  onEvent('guide.changed', reload);
  onEvent('sources.progress', (p) => {
    const key = progressKey(p.target, p.id);
    useSourcesData.setState((s) => ({ progress: { ...s.progress, [key]: p } }));
    if (p.phase === 'done' || p.phase === 'failed') {
      reload();
      setTimeout(() => {
        useSourcesData.setState((s) => {
          if (s.progress[key] !== p) return s;
          const progress = { ...s.progress };
          delete progress[key];
          return { progress };
        });
      }, LINGER_MS);
    }
  });
  void useSourcesData.getState().load();
}

/** The screen's data; starts following the events the first time a screen asks. */
export function useSources() {
  useEffect(follow, []);
  return useSourcesData();
}
