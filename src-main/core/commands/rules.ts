// The scheduling commands: record from the guide, edit a recording, series and time rules, the upcoming
// list. (Being built: see docs/scheduling.md.)
import { TapedeckError, type CommandName } from '../../../src-shared/contract';
import type { CommandHandlers } from './handlers';

type RuleCommandName = Extract<
  CommandName,
  `rules.${string}` | `upcoming.${string}` | 'guide.record' | 'recordings.edit'
>;

const notYet = (): never => {
  throw new TapedeckError('unavailable', 'scheduling rules are not available yet');
};

export function ruleHandlers(): CommandHandlers<RuleCommandName> {
  return {
    'guide.record': notYet,
    'recordings.edit': notYet,
    'rules.list': notYet,
    'rules.get': notYet,
    'rules.add': notYet,
    'rules.update': notYet,
    'rules.remove': notYet,
    'rules.preview': notYet,
    'upcoming.list': notYet,
    'upcoming.skip': notYet,
    'upcoming.restore': notYet,
    'upcoming.choose': notYet,
  };
}
