// (Being rebuilt: channels, on/off and guide mapping.)
import { EmptyState } from '../../ui/EmptyState';

export function ChannelsPage() {
  return <EmptyState title="Channels">The channel list is being built.</EmptyState>;
}
