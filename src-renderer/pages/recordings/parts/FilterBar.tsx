// Search, channel, rule, dates and order for the lists, written to the address as they change. On a
// phone the filters fold behind one button; search and order stay in sight.
import { Search, SlidersHorizontal, X } from 'lucide-react';
import { useId, useState } from 'react';
import { useChannels, useRules } from '../data/lookups';
import { isFiltered, NO_FILTERS, type Filters, type SortKey } from '../logic/filters';

const SORT_LABELS: Record<SortKey, string> = {
  date: 'Date, earliest first',
  'date-desc': 'Date, latest first',
  title: 'Title',
  channel: 'Channel',
};

export function FilterBar({
  filters,
  onChange,
  defaultSort,
}: {
  filters: Filters;
  onChange: (next: Filters) => void;
  /** The tab's own order, shown as the first choice. */
  defaultSort: SortKey;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const { list: channels } = useChannels();
  const { list: rules } = useRules();
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const active = [filters.channel, filters.rule, filters.from, filters.to].filter((v) => v !== null).length;
  return (
    <div className="filter-bar" role="search" aria-label="Filter recordings">
      <div className="filter-main">
        <label className="search-field">
          <Search size={16} aria-hidden="true" />
          <span className="visually-hidden">Search titles</span>
          <input
            type="search"
            data-search
            placeholder="Search titles"
            value={filters.q}
            onChange={(e) => set({ q: e.target.value })}
          />
        </label>
        <button
          type="button"
          className="btn filter-toggle"
          aria-expanded={open}
          aria-controls={`${id}-more`}
          onClick={() => setOpen(!open)}
        >
          <SlidersHorizontal size={16} aria-hidden="true" />
          Filters{active > 0 && <span className="badge accent">{active}</span>}
        </button>
      </div>
      <div id={`${id}-more`} className={open ? 'filter-more open' : 'filter-more'}>
        <label className="visually-hidden" htmlFor={`${id}-channel`}>
          Channel
        </label>
        <select
          id={`${id}-channel`}
          value={filters.channel ?? ''}
          onChange={(e) => set({ channel: e.target.value === '' ? null : Number(e.target.value) })}
        >
          <option value="">All channels</option>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={`${id}-rule`}>
          Rule
        </label>
        <select
          id={`${id}-rule`}
          value={filters.rule ?? ''}
          onChange={(e) =>
            set({
              rule:
                e.target.value === ''
                  ? null
                  : e.target.value === 'manual'
                    ? 'manual'
                    : Number(e.target.value),
            })
          }
        >
          <option value="">All rules</option>
          <option value="manual">Scheduled by hand</option>
          {rules.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <div className="date-range" role="group" aria-label="Dates">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={filters.from ?? ''}
            onChange={(e) => set({ from: e.target.value || null })}
          />
          <label htmlFor={`${id}-to`}>to</label>
          <input
            id={`${id}-to`}
            type="date"
            value={filters.to ?? ''}
            onChange={(e) => set({ to: e.target.value || null })}
          />
        </div>
        <label className="visually-hidden" htmlFor={`${id}-sort`}>
          Sort by
        </label>
        <select
          id={`${id}-sort`}
          className="sort-select"
          value={filters.sort ?? defaultSort}
          onChange={(e) => set({ sort: e.target.value === defaultSort ? null : (e.target.value as SortKey) })}
        >
          {(Object.keys(SORT_LABELS) as SortKey[]).map((key) => (
            <option key={key} value={key}>
              {SORT_LABELS[key]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn ghost clear-filters"
          aria-label="Clear filters"
          title="Clear filters"
          disabled={!isFiltered(filters)}
          onClick={() => onChange({ ...NO_FILTERS, sort: filters.sort })}
        >
          <X size={16} aria-hidden="true" />
          <span className="clear-label">Clear</span>
        </button>
      </div>
    </div>
  );
}
