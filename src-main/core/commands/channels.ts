// The channels.* commands: the recordable list, a stream added by hand, search and groups of the imported
// channels, mapping a channel to a guide channel by hand (or back to automatic, or to none), and turning
// a channel on or off.
import { TapedeckError, type CommandName } from '../../../src-shared/contract';
import { clearManualMapping, setManualMapping } from '../guide/mapping';
import { channelGroups, getChannelListing, searchChannels } from '../sources/channel-listing';
import { addManualChannel, recordableChannels, setChannelEnabled } from '../sources/channel-store';
import type { SourceCommandContext } from './context';
import type { CommandHandlers } from './handlers';

type ChannelCommands = Extract<CommandName, `channels.${string}`>;

export function channelHandlers(ctx: SourceCommandContext): CommandHandlers<ChannelCommands> {
  return {
    'channels.list': (input) => recordableChannels(ctx.db, input.search),
    'channels.add': (input) => {
      const channel = addManualChannel(ctx.db, input);
      ctx.bus.emit('channels.changed', {});
      return channel;
    },
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
    'channels.update': (input) => {
      if (!getChannelListing(ctx.db, input.id)) {
        throw new TapedeckError('not_found', `channel ${input.id} does not exist`);
      }
      if (setChannelEnabled(ctx.db, input.id, input.enabled, ctx.clock.now())) {
        // The planner listens: series rules on any channel drop (or take up) this channel's airings.
        ctx.bus.emit('channels.changed', {});
      }
      return getChannelListing(ctx.db, input.id)!;
    },
  };
}
