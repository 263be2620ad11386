// (Being rebuilt: the rule editor with its live preview.)
import { EmptyState } from '../../ui/EmptyState';

export function RuleEditorPage() {
  return <EmptyState title="Rule">The rule editor is being built.</EmptyState>;
}
