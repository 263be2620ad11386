// The editor's live preview: what the rule as typed would record and skip over the next 14 days
// (rules.preview), asked again a moment after the typing stops. The last answer stays on screen while
// the next is on its way, so the panel does not flash.
import { useEffect, useState } from 'react';
import type { CommandInput } from '../../../src-shared/contract';
import type { RulePreview } from '../../../src-shared/domain-rules';
import { api } from '../../state/connection';
import { errorText } from '../../ui/toast';

export const PREVIEW_DELAY_MS = 400;

export type PreviewState =
  | { state: 'waiting'; last: RulePreview | null; why: string | null }
  | { state: 'loading'; last: RulePreview | null }
  | { state: 'done'; preview: RulePreview }
  | { state: 'error'; message: string; last: RulePreview | null };

const lastOf = (p: PreviewState): RulePreview | null => (p.state === 'done' ? p.preview : p.last);

/** `input` null: the form cannot be previewed yet, for the reason `why`. */
export function usePreview(input: CommandInput<'rules.add'> | null, why: string | null, id: number | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ state: 'waiting', last: null, why });
  const key = input ? JSON.stringify(input) : null;
  useEffect(() => {
    if (key === null) {
      setState((s) => ({ state: 'waiting', last: lastOf(s), why }));
      return;
    }
    let live = true;
    setState((s) => ({ state: 'loading', last: lastOf(s) }));
    const timer = setTimeout(() => {
      const rule = JSON.parse(key) as CommandInput<'rules.add'>;
      api()
        .call('rules.preview', { rule, ...(id !== null ? { id } : {}) })
        .then((preview) => live && setState({ state: 'done', preview }))
        .catch((e: unknown) => live && setState((s) => ({ state: 'error', message: errorText(e), last: lastOf(s) })));
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, id, why]);
  return state;
}
