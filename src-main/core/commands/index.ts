// The one table of contract handlers: every command name -> its handler, built over one CommandContext.
// Imports run one way: commands -> engine (record, schedule, sources, guide) -> stores -> db.
import type { CommandName } from '../../../src-shared/contract';
import { channelHandlers } from './channels';
import type { CommandContext } from './context';
import { guideHandlers } from './guides';
import type { CommandHandlers } from './handlers';
import { recordingHandlers } from './recordings';
import { ruleHandlers } from './rules';
import { settingsHandlers } from './settings';
import { sourceHandlers } from './sources';
import { statusHandlers } from './status';
import { systemHandlers } from './system';

export type { CommandContext } from './context';

export function commandTable(ctx: CommandContext): CommandHandlers<CommandName> {
  return {
    ...statusHandlers(ctx),
    ...recordingHandlers(ctx),
    ...channelHandlers(ctx),
    ...sourceHandlers(ctx),
    ...guideHandlers(ctx),
    ...ruleHandlers(ctx),
    ...settingsHandlers(ctx),
    ...systemHandlers(ctx),
  };
}
