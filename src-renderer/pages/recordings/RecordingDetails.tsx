// (Being rebuilt: a recording's details.)
import { useParams } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';

export function RecordingDetails() {
  const { id } = useParams();
  return <EmptyState title={`Recording ${id ?? ''}`}>Details are being built.</EmptyState>;
}
