// The channels.* commands of the sources side: search and groups of the imported channels, and mapping a
// channel to a guide channel by hand (or back to automatic, or to none).
import { TapedeckError } from '../../../src-shared/contract';
import { clearManualMapping, setManualMapping } from '../guide/mapping';
import { channelGroups, getChannelListing, searchChannels } from './channel-listing';
import type { SourceHandlerContext, SourceHandlers } from './handler-context';

type ChannelCommands = 'channels.search' | 'channels.groups' | 'channels.map';

export function channelHandlers(ctx: SourceHandlerContext): Pick<SourceHandlers, ChannelCommands> {
  return {
    'channels.search': (input) => searchChannels(ctx.db, input),
    'channels.groups': (input) => channelGroups(ctx.db, input),
    'channels.map': async (input) => {
      if (!getChannelListing(ctx.db, input.channelId)) {
        throw new TapedeckError('not_found', `channel ${input.channelId} does not exist`);
      }
      if (input.to === 'auto') await clearManualMapping(ctx.db, input.channelId);
      else if (input.to === 'none') setManualMapping(ctx.db, input.channelId, null);
      else {
        ctx.guides.row(input.to.guideId);
        if (!ctx.guides.hasChannel(input.to.guideId, input.to.xmltvId)) {
          throw new TapedeckError(
            'not_found',
            `guide ${input.to.guideId} has no channel "${input.to.xmltvId}" (see tapedeck epg channels)`,
          );
        }
        setManualMapping(ctx.db, input.channelId, input.to);
      }
      ctx.bus.emit('channels.changed', {});
      return getChannelListing(ctx.db, input.channelId)!;
    },
  };
}
