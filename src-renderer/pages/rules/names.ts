// Names of channels and guide channels that rules refer to by id. Looked up in batches and kept: a
// channel by id through guide.query (it lists any channels asked for by id, with or without a guide),
// a guide channel through guides.channels.
import { useEffect } from 'react';
import { create } from 'zustand';
import { api } from '../../state/connection';
import type { Names } from './rule-summary';

interface NamesState {
  channels: Record<number, string>;
  guideChannels: Record<string, string>;
}

export const useNames = create<NamesState>(() => ({ channels: {}, guideChannels: {} }));

export const guideChannelKey = (guideId: number, xmltvId: string) => `${guideId}\u0000${xmltvId}`;

/** Remembers a name the user just picked (no need to ask the core again). */
export function rememberChannel(id: number, name: string): void {
  useNames.setState((s) => ({ channels: { ...s.channels, [id]: name } }));
}
export function rememberGuideChannel(guideId: number, xmltvId: string, name: string): void {
  useNames.setState((s) => ({
    guideChannels: { ...s.guideChannels, [guideChannelKey(guideId, xmltvId)]: name },
  }));
}

const asked = new Set<string>();

async function fetchChannels(ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    const batch = ids.slice(i, i + 1000);
    const from = Math.floor(Date.now() / 60_000) * 60_000;
    const window = await api().call('guide.query', {
      channelIds: batch,
      from,
      to: from + 60_000,
      details: false,
    });
    const found = Object.fromEntries(window.channels.map((c) => [c.channelId, c.name]));
    useNames.setState((s) => ({ channels: { ...s.channels, ...found } }));
  }
}

async function fetchGuideChannel(guideId: number, xmltvId: string): Promise<void> {
  const list = await api().call('guides.channels', { guideId, search: xmltvId, limit: 20 });
  const hit = list.find((g) => g.xmltvId === xmltvId);
  if (hit) rememberGuideChannel(guideId, xmltvId, hit.displayNames[0] ?? xmltvId);
}

/** Looks up what is not known yet (once per id and session). */
export function useLookup(
  channelIds: number[],
  guideChannels: Array<{ guideId: number; xmltvId: string }>,
): void {
  const idsKey = [...new Set(channelIds)].sort((a, b) => a - b).join(',');
  const guideKey = guideChannels.map((g) => guideChannelKey(g.guideId, g.xmltvId)).join('\u0001');
  useEffect(() => {
    const known = useNames.getState();
    const missing = idsKey
      .split(',')
      .filter(Boolean)
      .map(Number)
      .filter((id) => known.channels[id] === undefined && !asked.has(`c${id}`));
    missing.forEach((id) => asked.add(`c${id}`));
    if (missing.length) void fetchChannels(missing).catch(() => undefined);
    for (const key of guideKey.split('\u0001').filter(Boolean)) {
      if (known.guideChannels[key] !== undefined || asked.has(`g${key}`)) continue;
      asked.add(`g${key}`);
      const [guideId, xmltvId] = key.split('\u0000');
      void fetchGuideChannel(Number(guideId), xmltvId ?? '').catch(() => undefined);
    }
  }, [idsKey, guideKey]);
}

/** The Names a summary reads, from what is known now. */
export function useNameLookup(): Names {
  const channels = useNames((s) => s.channels);
  const guideChannels = useNames((s) => s.guideChannels);
  return {
    channel: (id) => channels[id] ?? null,
    guideChannel: (guideId, xmltvId) => guideChannels[guideChannelKey(guideId, xmltvId)] ?? null,
  };
}
