// Turning channels on and off: channels.update {id, enabled} and ChannelListing.enabled come with a newer
// core. Until the contract has them, every channel counts as on and the switch is not shown.
import type { ChannelListing } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';
import { hasCommand } from './common/optional-commands';

export const canToggleChannels = (): boolean => hasCommand('channels.update');

export function channelEnabled(c: ChannelListing): boolean {
  const value = (c as ChannelListing & { enabled?: unknown }).enabled;
  return typeof value === 'boolean' ? value : true;
}

type LooseCall = (name: string, input: unknown) => Promise<unknown>;

export async function setChannelEnabled(c: ChannelListing, enabled: boolean): Promise<ChannelListing> {
  const client = api();
  const answer = await (client.call as unknown as LooseCall).call(client, 'channels.update', {
    id: c.id,
    enabled,
  });
  // The core answers the updated channel; whatever it is, the switch shows what was asked.
  return { ...c, ...(answer && typeof answer === 'object' ? answer : {}), enabled } as ChannelListing;
}
