// Small pieces the tabs share: the loading skeleton (the same height as the rows it stands for, so
// nothing moves when they arrive) and the "nothing matches" line.
import { EmptyState } from '../../../ui/EmptyState';

export function ListSkeleton({ rows, height = 64 }: { rows: number; height?: number }) {
  return (
    <div className="skeleton-list" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-row" style={{ height }} />
      ))}
    </div>
  );
}

export function NoMatches({ onClear }: { onClear: () => void }) {
  return (
    <EmptyState
      title="Nothing matches"
      action={
        <button type="button" className="btn" onClick={onClear}>
          Show everything
        </button>
      }
    >
      No recordings match these filters.
    </EmptyState>
  );
}
