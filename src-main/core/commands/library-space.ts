// The library-space commands: cleanup (real or dry run), its log, the disk forecast, and the marks
// cleanup reads on a recording (protected, watched). The work is in library/ (retention.ts chooses,
// cleanup.ts deletes, forecast.ts projects).
import { TapedeckError, type CommandName } from '../../../src-shared/contract';
import type { CommandContext } from './context';
import type { CommandHandlers } from './handlers';

export type LibrarySpaceCommandName =
  | Extract<CommandName, `library.${'cleanup' | 'deletions' | 'forecast'}`>
  | 'recordings.protect'
  | 'recordings.watched';

export function librarySpaceHandlers(ctx: CommandContext): CommandHandlers<LibrarySpaceCommandName> {
  return {
    'library.cleanup': (input) =>
      ctx.space.cleanup.run({
        dryRun: input.dryRun,
        ...(input.days !== undefined ? { days: input.days } : {}),
      }),
    'library.deletions': (input) => ctx.space.cleanup.store.deletions(input.limit),
    'library.forecast': async (input) => {
      try {
        return await ctx.space.forecast({ days: input.days });
      } catch (error) {
        throw new TapedeckError(
          'unavailable',
          `the recordings disk cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    'recordings.protect': (input) => {
      const recording = ctx.recordings.get(input.id);
      if (recording.protected === input.protected) return recording;
      return ctx.recordings.update(
        input.id,
        { protected: input.protected },
        input.protected ? 'protected from cleanup by the user' : 'no longer protected from cleanup',
      );
    },
    'recordings.watched': (input) => {
      const recording = ctx.recordings.get(input.id);
      if ((recording.watchedAt !== null) === input.watched) return recording;
      return ctx.recordings.update(input.id, { watchedAt: input.watched ? ctx.clock.now() : null });
    },
  };
}
