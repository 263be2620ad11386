// One channel in the list: on/off, logo, number, name, group and source, and its guide mapping with
// the button that fixes it. Fixed height, so paging and loading never move the page.
import { Link2, Link2Off, Wand2 } from 'lucide-react';
import { useState } from 'react';
import type { ChannelListing } from '../../../src-shared/domain-sources';
import { ChannelLogo } from '../../ui/ChannelLogo';
import { errorText, toast } from '../../ui/toast';
import { Switch } from './common/Switch';
import { setChannelEnabled } from './channel-commands';

export function mappingText(c: ChannelListing): {
  text: string;
  how: string | null;
  tone: 'ok' | 'none' | 'off';
} {
  if (c.guide) {
    const how =
      c.guideManual || c.guide.match === 'manual'
        ? 'set by you'
        : c.guide.match === 'tvg-id'
          ? 'by tvg-id'
          : 'by name';
    return { text: `${c.guide.displayName ?? c.guide.xmltvId} · ${c.guide.guideName}`, how, tone: 'ok' };
  }
  return c.guideManual
    ? { text: 'No guide', how: 'set by you', tone: 'off' }
    : { text: 'No guide found', how: null, tone: 'none' };
}

export function ChannelRow({
  channel,
  onChanged,
  onMap,
}: {
  channel: ChannelListing;
  onChanged: (c: ChannelListing) => void;
  onMap: (c: ChannelListing) => void;
}) {
  const [busy, setBusy] = useState(false);
  const enabled = channel.enabled;
  const mapping = mappingText(channel);
  const toggle = (next: boolean) => {
    setBusy(true);
    setChannelEnabled(channel, next)
      .then((updated) => onChanged(updated))
      .catch((error: unknown) => toast.error(errorText(error)))
      .finally(() => setBusy(false));
  };
  const Icon = mapping.tone === 'ok' ? Link2 : mapping.tone === 'off' ? Link2Off : Wand2;
  return (
    <li className={`channel-row${enabled ? '' : ' disabled'}`}>
      <Switch checked={enabled} onChange={toggle} busy={busy} label={`${channel.name} on`} />
      <ChannelLogo name={channel.name} logoUrl={channel.logoUrl} size={36} />
      <div className="channel-name">
        <span className="truncate">
          {channel.number && <span className="channel-number tabular">{channel.number}</span>}
          <strong>{channel.name}</strong>
          {!enabled && <span className="badge">Off</span>}
        </span>
        <span className="small muted truncate">
          {[channel.group ?? 'No group', channel.sourceName].join(' · ')}
        </span>
      </div>
      <div className={`channel-guide ${mapping.tone}`}>
        <Icon size={14} aria-hidden="true" />
        <span className="truncate">
          <span className="visually-hidden">Guide: </span>
          {mapping.text}
          {mapping.how && <span className="muted"> ({mapping.how})</span>}
        </span>
      </div>
      <button
        type="button"
        className="btn small"
        onClick={() => onMap(channel)}
        aria-label={`Change the guide of ${channel.name}`}
      >
        Guide…
      </button>
    </li>
  );
}
