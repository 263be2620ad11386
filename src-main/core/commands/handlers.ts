// The shape of a table of command handlers: one function per command name, taking the input the contract
// parsed (and who is calling) and returning the command's result (or a promise of it).
import type { CommandName, CommandResult, ParsedInput } from '../../../src-shared/contract';

/**
 * Who is calling, as far as a command cares. The desktop window, the CLI and in-process callers may
 * import any local file; a browser only files in the import folder (see import-location.ts). No
 * caller (tests that call handlers directly) counts as trusted.
 */
export type Caller = { trustedPaths: true } | { trustedPaths: false; importDir: string };

export type CommandHandlers<K extends CommandName> = {
  [P in K]: (input: ParsedInput<P>, caller?: Caller) => Promise<CommandResult<P>> | CommandResult<P>;
};
