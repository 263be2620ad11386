// Names for ids: channels (filters, the schedule and edit dialogs), rules (filters, links) and sources
// (which source a channel comes from). Each list is read once when first needed and again on its
// change event. Kept here rather than in state/ until the Sources and Rules screens share theirs.
import { useEffect } from 'react';
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { EventName } from '../../../../src-shared/contract';
import type { Channel } from '../../../../src-shared/domain';
import type { Rule } from '../../../../src-shared/domain-rules';
import type { SourceInfo } from '../../../../src-shared/domain-sources';
import { api, onEvent } from '../../../state/connection';

interface ListState<T> {
  list: T[];
  loaded: boolean;
}

function listStore<T>(
  load: () => Promise<T[]>,
  events: EventName[],
): { use: UseBoundStore<StoreApi<ListState<T>>>; follow: () => void } {
  const use = create<ListState<T>>(() => ({ list: [], loaded: false }));
  let following = false;
  const follow = () => {
    if (following) return;
    following = true;
    const read = () =>
      // Through a promise: not being connected yet is a failed read like any other.
      void Promise.resolve()
        .then(load)
        .then((list) => use.setState({ list, loaded: true }))
        // A list that cannot be read leaves names out; the screen still works with ids.
        .catch(() => use.setState({ loaded: true }));
    for (const name of events) onEvent(name, read);
    read();
  };
  return { use, follow };
}

const channels = listStore<Channel>(
  () => api().call('channels.list', {}),
  ['channels.changed', 'sources.changed'],
);
const rules = listStore<Rule>(() => api().call('rules.list', {}), ['rules.changed']);
const sources = listStore<SourceInfo>(() => api().call('sources.list', {}), ['sources.changed']);

export function useChannels(): ListState<Channel> {
  useEffect(() => channels.follow(), []);
  return channels.use();
}

export function useRules(): ListState<Rule> {
  useEffect(() => rules.follow(), []);
  return rules.use();
}

export function useSources(): ListState<SourceInfo> {
  useEffect(() => sources.follow(), []);
  return sources.use();
}
