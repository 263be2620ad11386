// Fixing a channel's guide: search the guides' channels by name or id and pick one, send it back to
// automatic mapping, or say it has no guide. The search says plainly when nothing matches.
import { Search } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { ChannelListing, GuideChannelInfo, GuideInfo } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';
import { Dialog } from '../../ui/Dialog';
import { errorText } from '../../ui/toast';
import { mappingText } from './ChannelRow';

export function MapGuideDialog({
  channel,
  guides,
  onClose,
  onMapped,
}: {
  channel: ChannelListing | null;
  guides: GuideInfo[];
  onClose: () => void;
  onMapped: (c: ChannelListing) => void;
}) {
  return (
    <Dialog
      open={channel !== null}
      onClose={onClose}
      title={channel ? `Guide for ${channel.name}` : 'Guide'}
      wide
    >
      {channel && <MapGuideForm channel={channel} guides={guides} onClose={onClose} onMapped={onMapped} />}
    </Dialog>
  );
}

type Results =
  | { state: 'loading' }
  | { state: 'done'; query: string; list: GuideChannelInfo[] }
  | { state: 'error'; message: string };

const LIMIT = 50;

/** A search term from a channel's name: its tags and country prefixes say little to a guide. */
export function searchTermOf(name: string): string {
  return name
    .replace(/^\s*(\|[A-Z]{2,3}\||[A-Z]{2,3}\s*[:|-])\s*/u, '')
    .replace(/\b(FHD|UHD|HD|SD|4K|HEVC|H\.?265)\b/giu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function MapGuideForm({
  channel,
  guides,
  onClose,
  onMapped,
}: {
  channel: ChannelListing;
  guides: GuideInfo[];
  onClose: () => void;
  onMapped: (c: ChannelListing) => void;
}) {
  const [query, setQuery] = useState(() => searchTermOf(channel.name));
  const [guideId, setGuideId] = useState<number | null>(null);
  const [results, setResults] = useState<Results>({ state: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const current = mappingText(channel);
  const guideName = new Map(guides.map((g) => [g.id, g.name]));

  useEffect(() => {
    let live = true;
    const term = query.trim();
    // Typing settles before asking: one search per pause, not per key.
    const timer = setTimeout(() => {
      setResults({ state: 'loading' });
      api()
        .call('guides.channels', {
          ...(term ? { search: term } : {}),
          ...(guideId !== null ? { guideId } : {}),
          limit: LIMIT,
        })
        .then((list) => live && setResults({ state: 'done', query: term, list }))
        .catch((e: unknown) => live && setResults({ state: 'error', message: errorText(e) }));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, guideId]);

  const map = (key: string, to: Parameters<typeof mapTo>[1]) => {
    setBusy(key);
    setError(null);
    mapTo(channel.id, to)
      .then((updated) => {
        onMapped(updated);
        onClose();
      })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(null));
  };

  const isCurrent = (g: GuideChannelInfo) =>
    channel.guide?.guideId === g.guideId && channel.guide.xmltvId === g.xmltvId;

  return (
    <div className="map-guide">
      <p className="small">
        <span className="muted">Now: </span>
        {current.text}
        {current.how && <span className="muted"> ({current.how})</span>}
      </p>
      <div className="map-search">
        <label htmlFor={inputId} className="visually-hidden">
          Search the guide’s channels
        </label>
        <span className="search-box">
          <Search size={16} aria-hidden="true" />
          <input
            id={inputId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Name or guide id"
            autoComplete="off"
            spellCheck={false}
          />
        </span>
        {guides.length > 1 && (
          <select
            aria-label="Guide"
            value={guideId ?? ''}
            onChange={(e) => setGuideId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">All guides</option>
            {guides.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </div>

      <div className="map-results" aria-live="polite" aria-busy={results.state === 'loading'}>
        {results.state === 'error' ? (
          <p className="form-error">{results.message}</p>
        ) : results.state === 'loading' ? (
          <p className="muted small map-note">Searching…</p>
        ) : results.list.length === 0 ? (
          <div className="map-note">
            <p>
              <strong>
                {results.query
                  ? `No guide channel matches “${results.query}”.`
                  : 'The guides have no channels.'}
              </strong>
            </p>
            <p className="muted small">
              {guides.length === 0
                ? 'Add a guide first (Sources & guides).'
                : 'Try part of the name (“BBC” rather than “BBC One HD”), or the id the guide uses.'}
            </p>
          </div>
        ) : (
          <>
            <ul className="list" aria-label="Guide channels">
              {results.list.map((g) => {
                const key = `${g.guideId}:${g.xmltvId}`;
                return (
                  <li key={key} className={`map-row${isCurrent(g) ? ' current' : ''}`}>
                    <div className="map-row-text">
                      <strong className="truncate">{g.displayNames[0] ?? g.xmltvId}</strong>
                      <span className="small muted truncate">
                        <span className="mono">{g.xmltvId}</span> ·{' '}
                        {guideName.get(g.guideId) ?? `guide ${g.guideId}`}
                        {g.displayNames.length > 1 && ` · also “${g.displayNames.slice(1, 3).join('”, “')}”`}
                        {g.mappedChannels > 0 && ` · used by ${g.mappedChannels}`}
                      </span>
                    </div>
                    {isCurrent(g) ? (
                      <span className="badge success">Current</span>
                    ) : (
                      <button
                        type="button"
                        className="btn small"
                        disabled={busy !== null}
                        aria-busy={busy === key}
                        onClick={() => map(key, { guideId: g.guideId, xmltvId: g.xmltvId })}
                        aria-label={`Use ${g.displayNames[0] ?? g.xmltvId} from ${guideName.get(g.guideId) ?? 'the guide'}`}
                      >
                        {busy === key && <span className="spinner" aria-hidden="true" />}
                        Use
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
            {results.list.length === LIMIT && (
              <p className="small muted map-more">
                The first {LIMIT} matches; type more to narrow them down.
              </p>
            )}
          </>
        )}
      </div>

      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions map-actions">
        <button
          type="button"
          className="btn"
          disabled={busy !== null || !channel.guideManual}
          onClick={() => map('auto', 'auto')}
          title="Tapedeck matches it by tvg-id, then by name, at every refresh"
        >
          {busy === 'auto' && <span className="spinner" aria-hidden="true" />}
          Back to automatic
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy !== null || (channel.guideManual && channel.guide === null)}
          onClick={() => map('none', 'none')}
        >
          {busy === 'none' && <span className="spinner" aria-hidden="true" />}
          No guide
        </button>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

type MapTarget = { guideId: number; xmltvId: string } | 'none' | 'auto';

function mapTo(channelId: number, to: MapTarget): Promise<ChannelListing> {
  return api().call('channels.map', { channelId, to });
}
