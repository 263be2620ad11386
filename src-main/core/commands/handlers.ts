// The shape of a table of command handlers: one function per command name, taking the input the contract
// parsed and returning the command's result (or a promise of it).
import type { CommandName, CommandResult, ParsedInput } from '../../../src-shared/contract';

export type CommandHandlers<K extends CommandName> = {
  [P in K]: (input: ParsedInput<P>) => Promise<CommandResult<P>> | CommandResult<P>;
};
