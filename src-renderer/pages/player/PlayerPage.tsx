// (Being rebuilt: the player.)
import { useParams } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';

export function PlayerPage() {
  const { id } = useParams();
  return <EmptyState title={`Play recording ${id ?? ''}`}>The player is being built.</EmptyState>;
}
