// Channels the CLI has to look up for scheduling output and input: names for airings that carry only
// a channel id, and the channel to record a guide programme on when none was given.
import type { UpcomingAiring } from '../../src-shared/domain-rules';
import { CliError, type CliContext } from './cli-context';

/**
 * Names of channels by id. Skipped airings and previews carry only a channel id, and the contract has
 * no "channels by id"; guide.query with channelIds answers names for up to 1000 ids in one indexed
 * query (the one-millisecond window keeps the programmes it also returns to almost none).
 */
export async function channelNames(
  context: CliContext,
  ids: Array<number | null>,
): Promise<Map<number, string>> {
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  const names = new Map<number, string>();
  const now = Date.now();
  for (let i = 0; i < unique.length; i += 1000) {
    const window = await context.call('guide.query', {
      channelIds: unique.slice(i, i + 1000),
      from: now,
      to: now + 1,
      details: false,
    });
    for (const c of window.channels) names.set(c.channelId, c.name);
  }
  return names;
}

export async function withChannelNames(
  context: CliContext,
  airings: UpcomingAiring[],
): Promise<UpcomingAiring[]> {
  if (airings.every((a) => a.channelName !== null || a.channelId === null)) return airings;
  const names = await channelNames(
    context,
    airings.map((a) => (a.channelName === null ? a.channelId : null)),
  );
  return airings.map((a) =>
    a.channelName === null && a.channelId !== null
      ? { ...a, channelName: names.get(a.channelId) ?? null }
      : a,
  );
}

const PAGE = 5000;

/**
 * The channel to record a programme on when none was given: the one channel carrying its guide
 * channel. guide.programme shows a programme as seen on some channel of ours (any will do to learn
 * its guide channel); then the mapped channels are searched for that guide channel.
 */
export async function channelOfProgramme(context: CliContext, programmeId: number): Promise<number> {
  const first = (await context.call('channels.search', { mapped: true, limit: 1 })).channels[0];
  if (!first) throw new CliError('no channel has a guide yet (see `tapedeck epg add`)');
  const p = await context.call('guide.programme', { id: programmeId, channelId: first.id });
  const carriers = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await context.call('channels.search', { mapped: true, limit: PAGE, offset });
    carriers.push(
      ...page.channels.filter((c) => c.guide?.guideId === p.guideId && c.guide.xmltvId === p.xmltvChannelId),
    );
    if (page.channels.length < PAGE || offset + PAGE >= page.total) break;
  }
  const what = `programme ${programmeId} ("${p.title}")`;
  if (carriers.length === 1) return carriers[0]!.id;
  if (carriers.length === 0)
    throw new CliError(
      `${what} is on guide channel ${p.xmltvChannelId} of guide ${p.guideId}, which none of your channels carries (see \`tapedeck epg map\`)`,
    );
  const shown = carriers.slice(0, 5).map((c) => `--channel ${c.id} (${c.name}, ${c.sourceName})`);
  const more = carriers.length > shown.length ? ` or one of ${carriers.length - shown.length} more` : '';
  throw new CliError(`${what} is on ${carriers.length} channels: give ${shown.join(', ')}${more}`);
}
