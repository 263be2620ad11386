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

/** The last answer, for the input it answered. */
interface Answer {
  key: string;
  preview: RulePreview | null;
  error: string | null;
}

/** `input` null: the form cannot be previewed yet, for the reason `why`. */
export function usePreview(
  input: CommandInput<'rules.add'> | null,
  why: string | null,
  id: number | null,
): PreviewState {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const key = input ? JSON.stringify({ input, id }) : null;
  useEffect(() => {
    if (key === null) return;
    let live = true;
    const timer = setTimeout(() => {
      const asked = JSON.parse(key) as { input: CommandInput<'rules.add'>; id: number | null };
      api()
        .call('rules.preview', { rule: asked.input, ...(asked.id !== null ? { id: asked.id } : {}) })
        .then((preview) => live && setAnswer({ key, preview, error: null }))
        .catch(
          (e: unknown) =>
            live && setAnswer((a) => ({ key, preview: a?.preview ?? null, error: errorText(e) })),
        );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  const last = answer?.preview ?? null;
  if (key === null) return { state: 'waiting', last, why };
  if (answer?.key !== key) return { state: 'loading', last };
  if (answer.error !== null) return { state: 'error', message: answer.error, last };
  return answer.preview ? { state: 'done', preview: answer.preview } : { state: 'loading', last };
}
