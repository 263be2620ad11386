// Selecting rows for a bulk action: a checkbox per row, "select all shown", and a bar fixed at the
// bottom of the window while anything is selected (fixed, so the list does not move when it appears).
import { useState, type ReactNode } from 'react';

export interface Selection {
  ids: ReadonlySet<number>;
  has(id: number): boolean;
  toggle(id: number): void;
  setAll(ids: readonly number[], on: boolean): void;
  clear(): void;
}

/** A selection that belongs to `scope` (the tab): under another scope it starts empty. */
export function useSelection(scope: string): Selection {
  const [state, setState] = useState<{ scope: string; ids: ReadonlySet<number> }>({ scope, ids: new Set() });
  const ids = state.scope === scope ? state.ids : new Set<number>();
  const update = (change: (next: Set<number>) => void) =>
    setState((s) => {
      const next = new Set(s.scope === scope ? s.ids : []);
      change(next);
      return { scope, ids: next };
    });
  return {
    ids,
    has: (id) => ids.has(id),
    toggle: (id) =>
      update((next) => {
        if (next.has(id)) next.delete(id);
        else next.add(id);
      }),
    setAll: (list, on) =>
      update((next) => {
        for (const id of list) {
          if (on) next.add(id);
          else next.delete(id);
        }
      }),
    clear: () => setState({ scope, ids: new Set() }),
  };
}

export function SelectBox({ selection, id, label }: { selection: Selection; id: number; label: string }) {
  return (
    <label className="select-box">
      <input type="checkbox" checked={selection.has(id)} onChange={() => selection.toggle(id)} />
      <span className="visually-hidden">Select {label}</span>
    </label>
  );
}

/** "Select all" for the rows shown (after filters). */
export function SelectAll({ selection, ids }: { selection: Selection; ids: readonly number[] }) {
  const chosen = ids.filter((id) => selection.has(id)).length;
  const all = ids.length > 0 && chosen === ids.length;
  return (
    <label className="select-all check">
      <input
        type="checkbox"
        checked={all}
        ref={(el) => {
          if (el) el.indeterminate = chosen > 0 && !all;
        }}
        disabled={ids.length === 0}
        onChange={() => selection.setAll(ids, !all)}
      />
      <span>{chosen > 0 ? `${chosen} selected` : 'Select all'}</span>
    </label>
  );
}

export function BulkBar({
  count,
  onClear,
  children,
}: {
  count: number;
  onClear: () => void;
  children: ReactNode;
}) {
  if (count === 0) return null;
  return (
    <div className="bulk-bar" role="region" aria-label="Selected recordings">
      <span className="bulk-count">
        <strong>{count}</strong> selected
      </span>
      <span className="spacer" />
      {children}
      <button type="button" className="btn ghost" onClick={onClear}>
        Clear
      </button>
    </div>
  );
}
