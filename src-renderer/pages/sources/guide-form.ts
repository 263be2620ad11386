// The add / edit guide dialogs' fields and their contract inputs (guides.add, guides.update).
import type { CommandInput } from '../../../src-shared/contract';
import type { GuideInfo } from '../../../src-shared/domain-sources';
import { parseWhole } from './common/FormField';

export interface GuideDraft {
  location: string;
  name: string;
  offsetHours: string;
  refreshHours: string;
}

export type GuideErrors = Partial<Record<keyof GuideDraft | 'form', string>>;
export type GuideChecked<T> = { ok: true; input: T } | { ok: false; errors: GuideErrors };

export const emptyGuide = (): GuideDraft => ({
  location: '',
  name: '',
  offsetHours: '0',
  refreshHours: '24',
});

export const guideDraftOf = (g: GuideInfo): GuideDraft => ({
  location: g.location,
  name: g.name,
  offsetHours: String(g.offsetHours),
  refreshHours: String(g.refreshHours),
});

function numbers(draft: GuideDraft, errors: GuideErrors) {
  const offset = parseWhole(draft.offsetHours);
  if (offset === null || Number.isNaN(offset) || offset < -23 || offset > 23) {
    errors.offsetHours = 'Whole hours from −23 to 23';
  }
  const refresh = parseWhole(draft.refreshHours);
  if (refresh === null || Number.isNaN(refresh) || refresh < 1 || refresh > 720) {
    errors.refreshHours = 'Hours from 1 to 720';
  }
  return { offset: offset ?? 0, refresh: refresh ?? 24 };
}

export function addGuideInput(
  draft: GuideDraft,
  fileLocation?: string,
): GuideChecked<CommandInput<'guides.add'>> {
  const errors: GuideErrors = {};
  const { offset, refresh } = numbers(draft, errors);
  const location = fileLocation ?? draft.location.trim();
  if (!location) errors.location = 'Give the guide’s URL or choose a file';
  else if (
    !fileLocation &&
    !/^(https?|file):\/\//i.test(location) &&
    !/^([/\\]|[A-Za-z]:[\\/])/.test(location)
  ) {
    errors.location = 'Give an http(s) URL or a full file path';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      location,
      offsetHours: offset,
      refreshHours: refresh,
      ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    },
  };
}

export function updateGuideInput(
  guide: GuideInfo,
  draft: GuideDraft,
): GuideChecked<CommandInput<'guides.update'>> {
  const errors: GuideErrors = {};
  const { offset, refresh } = numbers(draft, errors);
  if (!draft.name.trim()) errors.name = 'Give it a name';
  if (!draft.location.trim()) errors.location = 'Give the guide’s URL or path';
  if (Object.keys(errors).length) return { ok: false, errors };
  const input: CommandInput<'guides.update'> = { id: guide.id };
  if (draft.name.trim() !== guide.name) input.name = draft.name.trim();
  if (offset !== guide.offsetHours) input.offsetHours = offset;
  if (refresh !== guide.refreshHours) input.refreshHours = refresh;
  // The shown location may be masked (credentials): send it only when the user changed it.
  if (draft.location.trim() !== guide.location) input.location = draft.location.trim();
  return { ok: true, input };
}
