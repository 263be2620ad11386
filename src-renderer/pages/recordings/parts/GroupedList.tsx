// A list in groups (days, shows). Up to a few hundred rows it renders them all, as sections with a
// heading and a list each (what a screen reader expects). Past that it renders only what is on screen
// (@tanstack/react-virtual over the page's own scroll), with each row measured as it appears.
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface Group<T> {
  key: string;
  heading: ReactNode;
  items: T[];
}

/** Rows past which the list is virtualized. */
export const VIRTUAL_FROM = 200;

export function GroupedList<T>({
  groups,
  itemKey,
  renderItem,
  itemHeight,
  headingHeight = 48,
  className,
}: {
  groups: ReadonlyArray<Group<T>>;
  itemKey: (item: T) => string | number;
  renderItem: (item: T) => ReactNode;
  /** Estimated row height (px) before a row is measured. */
  itemHeight: number;
  headingHeight?: number;
  className?: string;
}) {
  const total = groups.reduce((n, g) => n + g.items.length + 1, 0);
  if (total <= VIRTUAL_FROM) {
    return (
      <div className={className}>
        {groups.map((g) => (
          <section
            key={g.key}
            className="group"
            aria-label={typeof g.heading === 'string' ? g.heading : undefined}
          >
            <h2 className="group-head">{g.heading}</h2>
            <ul className="group-items">
              {g.items.map((item) => (
                <li key={itemKey(item)}>{renderItem(item)}</li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    );
  }
  return (
    <VirtualGroups
      groups={groups}
      itemKey={itemKey}
      renderItem={renderItem}
      itemHeight={itemHeight}
      headingHeight={headingHeight}
      className={className}
    />
  );
}

type Flat<T> = { kind: 'heading'; key: string; heading: ReactNode } | { kind: 'item'; key: string; item: T };

function VirtualGroups<T>({
  groups,
  itemKey,
  renderItem,
  itemHeight,
  headingHeight,
  className,
}: {
  groups: ReadonlyArray<Group<T>>;
  itemKey: (item: T) => string | number;
  renderItem: (item: T) => ReactNode;
  itemHeight: number;
  headingHeight: number;
  className: string | undefined;
}) {
  const flat: Array<Flat<T>> = [];
  for (const g of groups) {
    flat.push({ kind: 'heading', key: `h:${g.key}`, heading: g.heading });
    for (const item of g.items) flat.push({ kind: 'item', key: `i:${itemKey(item)}`, item });
  }
  const box = useRef<HTMLDivElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const el = box.current;
    if (el) setMargin(el.getBoundingClientRect().top + window.scrollY);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: flat.length,
    estimateSize: (i) => (flat[i]?.kind === 'heading' ? headingHeight : itemHeight),
    getItemKey: (i) => flat[i]?.key ?? i,
    overscan: 10,
    scrollMargin: margin,
  });
  return (
    <div ref={box} className={`${className ?? ''} virtual`} style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((v) => {
        const row = flat[v.index]!;
        return (
          <div
            key={v.key}
            data-index={v.index}
            ref={virtualizer.measureElement}
            className="virtual-row"
            style={{ transform: `translateY(${v.start - margin}px)` }}
          >
            {row.kind === 'heading' ? <h2 className="group-head">{row.heading}</h2> : renderItem(row.item)}
          </div>
        );
      })}
    </div>
  );
}
