// What the channel pickers search: our channels (channels.search) and the guides' channels
// (guides.channels). Stable functions, so a combobox does not search again on every render.
import { api } from '../../state/connection';
import type { Option } from './Combobox';
import { rememberChannel, rememberGuideChannel } from './names';

export async function searchChannels(term: string): Promise<Option[]> {
  const page = await api().call('channels.search', { ...(term ? { search: term } : {}), limit: 30 });
  return page.channels.map((c) => {
    rememberChannel(c.id, c.name);
    return {
      key: String(c.id),
      label: c.number ? `${c.number}  ${c.name}` : c.name,
      detail: [c.group, c.sourceName, c.enabled ? null : 'turned off'].filter(Boolean).join(' · '),
    };
  });
}

export async function searchGuideChannels(term: string): Promise<Option[]> {
  const [list, guides] = await Promise.all([
    api().call('guides.channels', { ...(term ? { search: term } : {}), limit: 30 }),
    api().call('guides.list', {}),
  ]);
  const guideName = new Map(guides.map((g) => [g.id, g.name]));
  return list.map((g) => {
    const name = g.displayNames[0] ?? g.xmltvId;
    rememberGuideChannel(g.guideId, g.xmltvId, name);
    return {
      key: `${g.guideId}\u0000${g.xmltvId}`,
      label: name,
      detail: `${g.xmltvId} · ${guideName.get(g.guideId) ?? `guide ${g.guideId}`} · on ${g.mappedChannels} channel${g.mappedChannels === 1 ? '' : 's'}`,
    };
  });
}

export function guideChannelOf(option: Option): { guideId: number; xmltvId: string } {
  const [guideId, xmltvId] = option.key.split('\u0000');
  return { guideId: Number(guideId), xmltvId: xmltvId ?? '' };
}
