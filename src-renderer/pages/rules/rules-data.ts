// The rules, kept current by the core's events: rules.changed (added, edited, removed) and
// upcoming.changed (an evaluation finished: each rule's upcoming count and warnings are new).
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Rule } from '../../../src-shared/domain-rules';
import { coalesce } from '../../state/coalesce';
import { api, onEvent } from '../../state/connection';
import { errorText } from '../../ui/toast';

interface RulesData {
  rules: Rule[];
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  /** Puts a rule the core just answered in place (before the event's reload comes). */
  put(rule: Rule): void;
}

export const useRulesData = create<RulesData>((set) => ({
  rules: [],
  loaded: false,
  error: null,
  async load() {
    try {
      set({ rules: await api().call('rules.list', {}), loaded: true, error: null });
    } catch (error) {
      set({ loaded: true, error: errorText(error) });
    }
  },
  put(rule) {
    set((s) => ({
      rules: s.rules.some((r) => r.id === rule.id)
        ? s.rules.map((r) => (r.id === rule.id ? rule : r))
        : [...s.rules, rule],
    }));
  },
}));

let following = false;
function follow(): void {
  if (following) return;
  following = true;
  const reload = coalesce(() => void useRulesData.getState().load(), 200);
  onEvent('rules.changed', reload);
  onEvent('upcoming.changed', reload);
  void useRulesData.getState().load();
}

export function useRules() {
  useEffect(follow, []);
  return useRulesData();
}
