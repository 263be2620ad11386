// Turning a channel on or off (channels.update): off hides it from the guide and keeps series rules on
// any channel from recording it; rules naming it, time rules and one-off recordings still record.
import type { ChannelListing } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';

export function setChannelEnabled(c: ChannelListing, enabled: boolean): Promise<ChannelListing> {
  return api().call('channels.update', { id: c.id, enabled });
}
