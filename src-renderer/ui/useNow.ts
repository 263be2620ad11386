// The current time for rendering (progress bars, "now" lines, relative times), ticking on a shared
// clock: render stays pure (no Date.now() inside a component) and every screen agrees on "now".
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Now, to the second, updated every second while anything shows it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
