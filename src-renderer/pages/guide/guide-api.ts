// The guide's calls to the core, in one place: the channel list (every page of it), the grid's
// programme queries, search and other airings. Search and other airings are newer commands: against a
// core without them the screen leaves those parts out instead of failing.
import type { CommandName, CommandInput } from '../../../src-shared/contract';
import type { ChannelListing, GuideProgramme } from '../../../src-shared/domain-sources';
import { ClientError } from '../../client';
import { api } from '../../state/connection';
import { compareChannels } from './guide-math';

/** A row of the grid. */
export interface GuideChannel {
  id: number;
  name: string;
  number: string | null;
  group: string | null;
  /** The logo as the core serves it (`/media/logos/<id>`), never the playlist's remote URL. */
  logoUrl: string | null;
}

/** One airing of a programme on one of our channels (guide.airings, guide.search). */
export interface GuideAiring {
  channelId: number;
  channelName: string;
  channelNumber: string | null;
  logoUrl: string | null;
  programme: GuideProgramme;
}

export interface GuideSearchHit extends GuideAiring {
  match: 'title' | 'description';
  snippet: string | null;
}

/** channels.search answers at most this many per call. */
const PAGE = 5000;

/** Listings as they come from the core; the newer fields are optional until every core has them. */
type Listing = ChannelListing & { logoUrl?: string | null; enabled?: boolean };

export function toGuideChannel(c: Listing): GuideChannel {
  return { id: c.id, name: c.name, number: c.number, group: c.group, logoUrl: c.logoUrl ?? null };
}

/** Every live channel with a guide (in one group, when given), turned on, in the guide's order. */
export async function loadChannels(group: string | null): Promise<GuideChannel[]> {
  const out: GuideChannel[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api().call('channels.search', {
      mapped: true,
      limit: PAGE,
      offset,
      ...(group !== null ? { group } : {}),
    });
    for (const c of page.channels as Listing[]) if (c.enabled !== false) out.push(toGuideChannel(c));
    if (page.channels.length < PAGE || offset + PAGE >= page.total) break;
  }
  return out.sort(compareChannels);
}

/** How many live channels have no guide (the empty state says where to map them). */
export async function countUnmapped(): Promise<number> {
  return (await api().call('channels.search', { mapped: false, limit: 1 })).total;
}

/** The grid's programmes: no details (guide.programme gives them for one programme). */
export async function fetchProgrammes(channelIds: number[], from: number, to: number) {
  const window = await api().call('guide.query', { channelIds, from, to, details: false });
  return window.channels;
}

/** Commands this core answered "unknown command" to: asked once per session. */
const missing = new Set<string>();

export function isUnknownCommand(error: unknown): boolean {
  return error instanceof ClientError && error.code === 'not_found' && /unknown command/.test(error.message);
}

/**
 * Calls a command this build's contract may not list yet, by name; null when the core does not know it.
 * The answer's shape is the core's documented one (GuideSearchHit[], GuideAiring[]).
 */
async function callOptional<R>(name: string, input: Record<string, unknown>): Promise<R | null> {
  if (missing.has(name)) return null;
  try {
    // The contract's types do not list the command yet; the transport sends any name.
    return (await api().call(name as CommandName, input as CommandInput<CommandName>)) as R;
  } catch (error) {
    if (isUnknownCommand(error)) {
      missing.add(name);
      return null;
    }
    throw error;
  }
}

/** Programmes whose title or description holds `text`; null: this core cannot search. */
export function searchGuide(text: string, from: number, to: number, limit = 50) {
  return callOptional<GuideSearchHit[]>('guide.search', { text, from, to, limit });
}

/** The other airings of a programme; null: this core cannot tell. */
export function otherAirings(channelId: number, programmeId: number) {
  return callOptional<GuideAiring[]>('guide.airings', { channelId, programmeId });
}
