// Search: programmes whose title or description holds the words (guide.search, the next 14 days), and
// channels by name or number (from the rows already loaded). Results are a list under the field;
// picking a programme opens its panel and scrolls the grid to it, picking a channel scrolls to its row.
// "/" focuses the field (app/shortcuts.tsx looks for [data-search]).
import { Search, X } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ChannelLogo } from '../../ui/ChannelLogo';
import { formatEpisode, formatWhen } from '../../ui/format';
import { errorText } from '../../ui/toast';
import { useNow } from '../../ui/useNow';
import { describeStatus, STATE_LABEL, type StatusMap } from './airing-status';
import { searchGuide, type GuideChannel, type GuideSearchHit } from './guide-api';
import { airingKey, endOf, MAX_QUERY_SPAN_MS } from './guide-math';

export interface GuideSearchProps {
  value: string;
  onChange: (text: string) => void;
  channels: GuideChannel[] | null;
  span: { origin: number; end: number };
  statuses: StatusMap;
  onPickProgramme: (hit: GuideSearchHit) => void;
  onPickChannel: (channel: GuideChannel) => void;
}

type Results =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'done'; hits: GuideSearchHit[] }
  | { state: 'error'; message: string };

const MAX_CHANNELS = 5;

export function GuideSearch(props: GuideSearchProps) {
  const { value, channels, span } = props;
  const [open, setOpen] = useState(false);
  // The answer for the text it was asked for; until it comes, "Searching…".
  const [answer, setAnswer] = useState<{ text: string; results: Results } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const listId = useId();
  const text = value.trim();
  const results: Results =
    text.length < 2 ? { state: 'idle' } : answer?.text === text ? answer.results : { state: 'loading' };

  useEffect(() => {
    if (text.length < 2) return;
    let current = true;
    const done = (results: Results) => current && setAnswer({ text, results });
    const timer = setTimeout(() => {
      // From now (what is on counts) to the guide's end, within the 14 days a search may span. The
      // clock is read here, in the effect, not in render.
      const from = Date.now();
      searchGuide(text, from, Math.min(span.end, from + MAX_QUERY_SPAN_MS))
        .then((hits) => done({ state: 'done', hits }))
        .catch((error: unknown) => done({ state: 'error', message: errorText(error) }));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, span.end]);

  const channelHits = useMemo(() => {
    if (!channels || text.length < 1) return [];
    const q = text.toLowerCase();
    return channels
      .filter((c) => c.number === text || c.name.toLowerCase().includes(q))
      .slice(0, MAX_CHANNELS);
  }, [channels, text]);

  // Close when focus or a click goes elsewhere.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(box.current?.querySelectorAll<HTMLElement>('[data-result]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      if (open) {
        // The panel's Esc must not also fire.
        e.preventDefault();
        e.nativeEvent.stopImmediatePropagation();
        setOpen(false);
        box.current?.querySelector('input')?.focus();
      } else if (value) {
        e.preventDefault();
        props.onChange('');
      }
    } else if (e.key === 'ArrowDown' && items.length > 0) {
      e.preventDefault();
      setOpen(true);
      items[Math.min(items.length - 1, index + 1)]?.focus();
    } else if (e.key === 'ArrowUp' && index >= 0) {
      e.preventDefault();
      if (index === 0) box.current?.querySelector('input')?.focus();
      else items[index - 1]?.focus();
    }
  };

  const show = open && text.length >= 1;
  return (
    <div className="guide-search" ref={box} onKeyDown={onKeyDown}>
      <Search size={16} className="guide-search-icon" aria-hidden="true" />
      <input
        type="search"
        data-search
        value={value}
        placeholder="Search titles, descriptions, channels"
        aria-label="Search the guide"
        aria-controls={show ? listId : undefined}
        aria-expanded={show}
        autoComplete="off"
        onChange={(e) => {
          props.onChange(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
      />
      {value && (
        <button
          type="button"
          className="btn ghost icon guide-search-clear"
          aria-label="Clear the search"
          onClick={() => {
            props.onChange('');
            box.current?.querySelector('input')?.focus();
          }}
        >
          <X size={16} aria-hidden="true" />
        </button>
      )}
      {show && (
        <div className="guide-results" id={listId} role="region" aria-label="Search results">
          {channelHits.length > 0 && (
            <section>
              <h3>Channels</h3>
              <ul className="list">
                {channelHits.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="guide-result"
                      data-result
                      onClick={() => {
                        setOpen(false);
                        props.onPickChannel(c);
                      }}
                    >
                      <ChannelLogo name={c.name} logoUrl={c.logoUrl} size={28} />
                      <span className="truncate">
                        {c.number && <span className="tabular muted">{c.number} </span>}
                        {c.name}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <ProgrammeResults
            results={results}
            text={text}
            statuses={props.statuses}
            onPick={(hit) => {
              setOpen(false);
              props.onPickProgramme(hit);
            }}
          />
        </div>
      )}
    </div>
  );
}

function ProgrammeResults({
  results,
  text,
  statuses,
  onPick,
}: {
  results: Results;
  text: string;
  statuses: StatusMap;
  onPick: (hit: GuideSearchHit) => void;
}) {
  const now = useNow();
  if (text.length < 2)
    return <p className="guide-results-note">Type two letters or more to search programmes.</p>;
  switch (results.state) {
    case 'idle':
    case 'loading':
      return <p className="guide-results-note">Searching…</p>;
    case 'error':
      return <p className="guide-results-note error">Search failed: {results.message}</p>;
    case 'done': {
      const hits = results.hits.filter((h) => endOf(h.programme) > now);
      if (hits.length === 0) return <p className="guide-results-note">No programme matches “{text}”.</p>;
      return (
        <section>
          <h3>Programmes</h3>
          <ul className="list">
            {hits.map((hit) => {
              const p = hit.programme;
              const status = statuses.get(airingKey(p));
              const episode = formatEpisode(p.season, p.episode);
              return (
                <li key={`${hit.channelId}:${p.id}`}>
                  <button
                    type="button"
                    className="guide-result"
                    data-result
                    onClick={() => onPick(hit)}
                    title={status ? describeStatus(status) : undefined}
                  >
                    <ChannelLogo name={hit.channelName} logoUrl={hit.logoUrl} size={28} />
                    <span className="stack guide-result-text">
                      <span className="truncate">
                        <strong>{p.title}</strong>
                        {episode && <span className="muted"> · {episode}</span>}
                        {p.subTitle && <span className="muted"> · {p.subTitle}</span>}
                      </span>
                      <span className="small muted truncate tabular">
                        {formatWhen(p.start, now)} · {hit.channelNumber ? `${hit.channelNumber} ` : ''}
                        {hit.channelName}
                      </span>
                      {hit.match === 'description' && hit.snippet && (
                        <span className="small faint truncate">{hit.snippet}</span>
                      )}
                    </span>
                    {status && (
                      <span className={`guide-state-pill small ${status.state}`}>
                        {STATE_LABEL[status.state]}
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      );
    }
  }
}
