// The guide's calls to the core, in one place: the channel list (every page of it), the grid's
// programme queries, search and other airings.
import type { ChannelListing, GuideAiring, GuideSearchHit } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';
import { compareChannels } from './guide-math';

export type { GuideAiring, GuideSearchHit };

/** A row of the grid. */
export interface GuideChannel {
  id: number;
  name: string;
  number: string | null;
  group: string | null;
  /** The logo as the core serves it (`/media/logos/<id>`), never the playlist's remote URL. */
  logoUrl: string | null;
}

/** channels.search answers at most this many per call. */
const PAGE = 5000;

export function toGuideChannel(c: ChannelListing): GuideChannel {
  return { id: c.id, name: c.name, number: c.number, group: c.group, logoUrl: c.logoUrl };
}

/** Every live channel with a guide (in one group, when given), turned on, in the guide's order. */
export async function loadChannels(group: string | null): Promise<GuideChannel[]> {
  const out: GuideChannel[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api().call('channels.search', {
      mapped: true,
      enabled: true,
      limit: PAGE,
      offset,
      ...(group !== null ? { group } : {}),
    });
    for (const c of page.channels) out.push(toGuideChannel(c));
    if (page.channels.length < PAGE || offset + PAGE >= page.total) break;
  }
  return out.sort(compareChannels);
}

/** How many live channels (turned on) have no guide: the empty state says where to match them. */
export async function countUnmapped(): Promise<number> {
  return (await api().call('channels.search', { mapped: false, enabled: true, limit: 1 })).total;
}

/** The grid's programmes: no details (guide.programme gives them for one programme). */
export async function fetchProgrammes(channelIds: number[], from: number, to: number) {
  const window = await api().call('guide.query', { channelIds, from, to, details: false });
  return window.channels;
}

/** Programmes whose title or description holds `text` (titles first). */
export function searchGuide(text: string, from: number, to: number, limit = 50) {
  return api().call('guide.search', { text, from, to, limit });
}

/** The other airings of a programme's title in the next 14 days. */
export function otherAirings(channelId: number, programmeId: number) {
  return api().call('guide.airings', { channelId, programmeId });
}
