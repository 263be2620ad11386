// How many sources there are (Home's empty state), read once and again when sources change.
import { useEffect } from 'react';
import { create } from 'zustand';
import { api, onEvent } from '../../state/connection';

interface Summary {
  loaded: boolean;
  count: number;
}

const useSummary = create<Summary>(() => ({ loaded: false, count: 0 }));

let following = false;
function follow(): void {
  if (following) return;
  following = true;
  const load = () =>
    void api()
      .call('sources.list', {})
      .then((list) =>
        useSummary.setState({ loaded: true, count: list.filter((s) => s.kind !== 'manual').length }),
      )
      .catch(() => useSummary.setState({ loaded: true }));
  onEvent('sources.changed', load);
  load();
}

export function useSourcesSummary(): Summary {
  useEffect(follow, []);
  return useSummary();
}
