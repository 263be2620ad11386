// (Being rebuilt: series and time rules.)
import { EmptyState } from '../../ui/EmptyState';

export function RulesPage() {
  return <EmptyState title="Rules">Series and time rules are being built.</EmptyState>;
}
