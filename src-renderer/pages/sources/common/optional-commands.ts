// Commands the core may not have yet (settings, channel on/off): the renderer and the core are built
// from one contract, so "the contract names it" is "the core answers it". Screens ask hasCommand()
// and show the control disabled, with why, when it is missing.
import { COMMAND_NAMES } from '../../../../src-shared/contract';

export function hasCommand(name: string): boolean {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}
