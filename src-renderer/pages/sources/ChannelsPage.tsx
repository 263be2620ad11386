// Channels (/sources/channels): every channel of every source, searched and filtered by group, source
// and guide, a page at a time with the total always shown; channels turned on and off, and guide
// mappings fixed (map to a guide channel, back to automatic, or none).
import { ChevronLeft, ChevronRight, Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ChannelListing, ChannelPage, GroupCount } from '../../../src-shared/domain-sources';
import { api, onEvent } from '../../state/connection';
import { EmptyState } from '../../ui/EmptyState';
import { errorText } from '../../ui/toast';
import { ChannelRow } from './ChannelRow';
import {
  NO_GROUP,
  PAGE_SIZE,
  paramsFrom,
  queryFrom,
  rangeText,
  searchInput,
  type ChannelQuery,
} from './channels-query';
import { MapGuideDialog } from './MapGuideDialog';
import { useSources } from './sources-data';
import { SourcesTabs } from './SourcesTabs';
import './common/common.css';
import './sources.css';
import './channels.css';

/** The last answer, for the query it answered (another key: the next one is on its way). */
type Answer = { key: string; page: ChannelPage | null; error: string | null };

export function ChannelsPage() {
  const [params, setParams] = useSearchParams();
  const query = queryFrom(params);
  const { sources, guides } = useSources();
  const [search, setSearch] = useState(query.q);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [groups, setGroups] = useState<GroupCount[]>([]);
  const [mapping, setMapping] = useState<ChannelListing | null>(null);
  const [version, setVersion] = useState(0);
  const key = paramsFrom(query).toString();
  const fullKey = `${key}#${version}`;

  const update = (patch: Partial<ChannelQuery>) => {
    // Any change of filter starts again on the first page.
    const next = { ...query, page: 1, ...patch };
    setParams(paramsFrom(next), { replace: true });
  };

  // The search box follows typing at once; the address (and the query) after a pause.
  useEffect(() => {
    if (search === query.q) return;
    const timer = setTimeout(() => update({ q: search }), 250);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only typing starts this
  }, [search]);

  // Imports change channels: list again (the page stays where it is).
  useEffect(() => onEvent('channels.changed', () => setVersion((v) => v + 1)), []);

  useEffect(() => {
    let live = true;
    api()
      .call('channels.search', searchInput(queryFrom(new URLSearchParams(fullKey.split('#')[0]))))
      .then((page) => live && setAnswer({ key: fullKey, page, error: null }))
      .catch(
        (e: unknown) =>
          live && setAnswer((a) => ({ key: fullKey, page: a?.page ?? null, error: errorText(e) })),
      );
    return () => {
      live = false;
    };
  }, [fullKey]);

  const source = query.source;
  useEffect(() => {
    let live = true;
    api()
      .call('channels.groups', source !== null ? { sourceId: source } : {})
      .then((list) => live && setGroups(list))
      .catch(() => live && setGroups([]));
    return () => {
      live = false;
    };
  }, [source, version]);

  // While the next answer comes, the last one stays (dimmed): nothing jumps.
  const page = answer?.page ?? null;
  const loading = answer?.key !== fullKey;
  const failed = !loading && answer?.error ? answer.error : null;
  const pages = page ? Math.max(1, Math.ceil(page.total / PAGE_SIZE)) : 1;
  const replaceChannel = (c: ChannelListing) =>
    setAnswer((a) =>
      a?.page
        ? { ...a, page: { ...a.page, channels: a.page.channels.map((x) => (x.id === c.id ? c : x)) } }
        : a,
    );
  const filtered =
    query.q !== '' || query.group !== '' || query.source !== null || query.guide !== '' || query.state !== '';
  const listed = sources.filter((s) => s.kind !== 'manual' || s.counts.live > 0);

  return (
    <div className="channels-page">
      <div className="page-head">
        <h1>Sources</h1>
      </div>
      <SourcesTabs />

      <div className="channel-filters" role="search">
        <label className="search-box">
          <Search size={16} aria-hidden="true" />
          <span className="visually-hidden">Search channels</span>
          <input
            type="search"
            data-search
            placeholder="Search by name, number or tvg-id"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label className="filter">
          <span className="visually-hidden">Group</span>
          <select value={query.group} onChange={(e) => update({ group: e.target.value })}>
            <option value="">All groups</option>
            {groups.map((g) => (
              <option key={g.group ?? NO_GROUP} value={g.group ?? NO_GROUP}>
                {g.group ?? 'No group'} ({g.count})
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="visually-hidden">Source</span>
          <select
            value={query.source ?? ''}
            onChange={(e) => update({ source: e.target.value ? Number(e.target.value) : null, group: '' })}
          >
            <option value="">All sources</option>
            {listed.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="visually-hidden">Guide</span>
          <select
            value={query.guide}
            onChange={(e) => update({ guide: e.target.value as ChannelQuery['guide'] })}
          >
            <option value="">Any guide</option>
            <option value="mapped">With a guide</option>
            <option value="unmapped">Without a guide</option>
          </select>
        </label>
        <label className="filter">
          <span className="visually-hidden">On or off</span>
          <select
            value={query.state}
            onChange={(e) => update({ state: e.target.value as ChannelQuery['state'] })}
          >
            <option value="">On and off</option>
            <option value="on">Only on</option>
            <option value="off">Only off</option>
          </select>
        </label>
      </div>

      <div className="channel-summary">
        <span className="small muted tabular" aria-live="polite">
          {page ? rangeText(query.page, page.channels.length, page.total) : 'Loading…'}
          {loading && page && ' · updating…'}
        </span>
        <span className="spacer" />
        <Pager page={query.page} pages={pages} onPage={(n) => update({ page: n, q: query.q })} />
      </div>

      {failed && (
        <p className="form-error" role="alert">
          Could not list the channels: {failed}
        </p>
      )}
      {page === null ? (
        failed ? null : (
          <ul className="channel-list card" aria-busy="true">
            {Array.from({ length: 8 }, (_, i) => (
              <li key={i} className="channel-row placeholder" />
            ))}
          </ul>
        )
      ) : page.channels.length === 0 ? (
        <div className="card">
          {filtered ? (
            <EmptyState title="No channels match">
              Nothing matches these filters. Try fewer words, or another group or source.
            </EmptyState>
          ) : (
            <EmptyState title="No channels yet">Add a source: its channels are listed here.</EmptyState>
          )}
        </div>
      ) : (
        <ul
          className={`channel-list card${loading ? ' stale' : ''}`}
          aria-label="Channels"
          aria-busy={loading}
        >
          {page.channels.map((c) => (
            <ChannelRow key={c.id} channel={c} onChanged={replaceChannel} onMap={setMapping} />
          ))}
        </ul>
      )}

      {page && pages > 1 && (
        <div className="channel-summary bottom">
          <span className="spacer" />
          <Pager page={query.page} pages={pages} onPage={(n) => update({ page: n, q: query.q })} />
        </div>
      )}

      <MapGuideDialog
        channel={mapping}
        guides={guides}
        onClose={() => setMapping(null)}
        onMapped={replaceChannel}
      />
    </div>
  );
}

function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button
        type="button"
        className="btn small icon"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
        aria-label="Previous page"
      >
        <ChevronLeft size={16} aria-hidden="true" />
      </button>
      <span className="small tabular">
        Page {page} of {pages}
      </span>
      <button
        type="button"
        className="btn small icon"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
        aria-label="Next page"
      >
        <ChevronRight size={16} aria-hidden="true" />
      </button>
    </nav>
  );
}
