// A programme's details (/guide/:channelId/:programmeId): a side panel on wide screens, a sheet on
// phones. What it is (episode, times, categories, flags, description), what will happen to it, the
// three ways to record it, and its other airings. Esc closes it.
import { X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { GuideProgramme } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';
import { ChannelLogo } from '../../ui/ChannelLogo';
import { errorText } from '../../ui/toast';
import type { StatusMap } from './airing-status';
import type { GuideChannel } from './guide-api';
import { detailsCache, rememberDetails } from './guide-store';
import { ProgrammeDetails } from './ProgrammeDetails';

export interface ProgrammePanelProps {
  channelId: number;
  programmeId: number;
  channel: GuideChannel | null;
  statuses: StatusMap;
  /** Kept on links to other airings. */
  linkSearch: string;
  onClose: () => void;
  /** The programme's details arrived (the page scrolls the grid to it). */
  onLoaded?: (programme: GuideProgramme) => void;
  /** Phones: a sheet over the grid instead of a side panel. */
  sheet: boolean;
}

type Loaded = { programme: GuideProgramme; error: null } | { programme: null; error: string };

export function ProgrammePanel(props: ProgrammePanelProps) {
  const { channelId, programmeId, onClose, onLoaded } = props;
  const key = `${channelId}:${programmeId}`;
  // The answer for the programme it was asked for (a newer programme shows the skeleton until its own).
  const [answer, setAnswer] = useState<{ key: string; loaded: Loaded } | null>(null);
  const loaded = answer?.key === key ? answer.loaded : null;
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    const known = detailsCache.get(`${channelId}:${programmeId}`);
    (known ? Promise.resolve(known) : api().call('guide.programme', { id: programmeId, channelId }))
      .then((programme) => {
        rememberDetails(channelId, programme);
        if (!current) return;
        setAnswer({ key: `${channelId}:${programmeId}`, loaded: { programme, error: null } });
        onLoaded?.(programme);
      })
      .catch(
        (error: unknown) =>
          current &&
          setAnswer({
            key: `${channelId}:${programmeId}`,
            loaded: { programme: null, error: errorText(error) },
          }),
      );
    return () => {
      current = false;
    };
    // onLoaded is the page's, recreated on its renders: fetching again for it would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channelId, programmeId]);

  // Esc closes, unless a dialog (the shortcut list) is open above.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  // Screen readers and keyboards land on the new content.
  useEffect(() => {
    if (loaded) heading.current?.focus({ preventScroll: true });
  }, [loaded]);

  const p = loaded?.programme ?? null;
  return (
    <>
      {props.sheet && <div className="guide-sheet-backdrop" onClick={onClose} aria-hidden="true" />}
      <aside
        className={props.sheet ? 'guide-panel sheet' : 'guide-panel'}
        aria-labelledby="guide-panel-title"
        aria-busy={!loaded}
      >
        <div className="guide-panel-bar">
          <span className="guide-panel-channel truncate">
            {props.channel && (
              <>
                <ChannelLogo name={props.channel.name} logoUrl={props.channel.logoUrl} size={28} />
                <span className="truncate">
                  {props.channel.number && <span className="tabular">{props.channel.number} </span>}
                  {props.channel.name}
                </span>
              </>
            )}
          </span>
          <button type="button" className="btn ghost icon" onClick={onClose} aria-label="Close details">
            <X size={18} aria-hidden="true" />
          </button>
        </div>
        <div className="guide-panel-body">
          {!loaded ? (
            <PanelSkeleton />
          ) : p === null ? (
            <div className="stack">
              <h2 id="guide-panel-title" ref={heading} tabIndex={-1}>
                Programme not found
              </h2>
              <p className="muted">
                {loaded.error}. The guide may have been refreshed since this link was made: pick the programme
                in the grid again.
              </p>
              <button type="button" className="btn" onClick={onClose}>
                Back to the guide
              </button>
            </div>
          ) : (
            <ProgrammeDetails {...props} programme={p} headingRef={heading} />
          )}
        </div>
      </aside>
    </>
  );
}

function PanelSkeleton() {
  return (
    <div className="stack" aria-hidden="true">
      <span className="skeleton-block" style={{ width: '70%', height: 24 }} />
      <span className="skeleton-block" style={{ width: '40%', height: 16 }} />
      <span className="skeleton-block" style={{ width: '55%', height: 16 }} />
      <span className="skeleton-block" style={{ width: 120, height: 36 }} />
      <span className="skeleton-block" style={{ width: '100%', height: 64 }} />
    </div>
  );
}
