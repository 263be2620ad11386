// schedule.pause / resume / state: the tray's Pause and Resume, for every host.
import type { CommandName } from '../../../src-shared/contract';
import type { CommandContext } from './context';
import type { CommandHandlers } from './handlers';

type SystemCommandName = Extract<CommandName, `schedule.${string}`>;

export function systemHandlers(ctx: CommandContext): CommandHandlers<SystemCommandName> {
  return {
    'schedule.pause': (input) => ctx.scheduler.setPaused(true, input.minutes),
    'schedule.resume': () => ctx.scheduler.setPaused(false),
    'schedule.state': () => ctx.scheduler.pauseState(),
  };
}
