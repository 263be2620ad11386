// What a capture's outage looks like to the user: since when the stream is lost, the last reason, when
// it tries again and how many tries so far. The recordings store keeps only the latest capture state,
// which flips between "reconnecting" and "connecting" on every attempt; this keeps the outage as one
// thing from the drop until bytes flow again.
import { create } from 'zustand';
import { onEvent } from '../../../state/connection';

export interface Outage {
  since: number;
  reason: string | null;
  retryAt: number | null;
  attempts: number;
}

interface OutageState {
  byId: Record<number, Outage>;
  bytes: Record<number, number>;
}

export const useOutages = create<OutageState>(() => ({ byId: {}, bytes: {} }));

function clear(id: number): void {
  useOutages.setState((s) => {
    if (!(id in s.byId)) return s;
    const byId = { ...s.byId };
    delete byId[id];
    return { byId };
  });
}

let following = false;

/** Starts listening (once). Called at import: an outage begun before the screen opened still counts. */
export function followOutages(): void {
  if (following) return;
  following = true;
  onEvent('recording.capture', (c) => {
    if (c.state === 'capturing') return clear(c.id);
    if (c.state !== 'reconnecting') return;
    useOutages.setState((s) => {
      const before = s.byId[c.id];
      const outage: Outage = {
        since: before?.since ?? c.at,
        reason: c.reason ?? before?.reason ?? null,
        retryAt: c.retryAt,
        attempts: (before?.attempts ?? 0) + 1,
      };
      return { byId: { ...s.byId, [c.id]: outage } };
    });
  });
  onEvent('recording.progress', (p) => {
    const last = useOutages.getState().bytes[p.id] ?? 0;
    useOutages.setState((s) => ({ bytes: { ...s.bytes, [p.id]: p.bytes } }));
    // Bytes growing again: the outage is over (a progress report alone may repeat the old count).
    if (p.bytes > last) clear(p.id);
  });
  onEvent('recording.updated', (r) => {
    if (r.status !== 'recording') clear(r.id);
  });
}

followOutages();
