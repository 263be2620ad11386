// Reads the test stream server's log (server.log) as what a client was actually served: when each
// connection to a route began and ended, and how long that was. Tests derive the media a recording
// should hold from this, rather than from wall-clock assumptions about when ffmpeg started.
import type { StreamLogEntry } from './stream-server';

export interface ServedConnection {
  /** Date.now() when the server accepted the request ('connect'). */
  connectAt: number;
  /** Date.now() when the connection ended, or null if it is still open. */
  endAt: number | null;
  /** How it ended: 'drop' (the server cut it), 'close' (the client went away), 'end' (finished). */
  ended: 'drop' | 'close' | 'end' | null;
  /** endAt - connectAt in seconds: the real-time media a live route sent (null while open). */
  seconds: number | null;
}

const ENDINGS = new Set(['drop', 'close', 'end']);

/**
 * The accepted connections to `path`, in order. Refused requests are not connections (count them with
 * refusals()). Assumes one client at a time on the path, as a recording makes: an ending closes the
 * oldest open connection, and the 'close' the server logs right after its own 'drop' is not another one.
 */
export function servedConnections(log: readonly StreamLogEntry[], path: string): ServedConnection[] {
  const all: ServedConnection[] = [];
  const open: ServedConnection[] = [];
  for (const entry of log) {
    if (entry.path !== path) continue;
    if (entry.event === 'connect') {
      const c: ServedConnection = { connectAt: entry.at, endAt: null, ended: null, seconds: null };
      all.push(c);
      open.push(c);
    } else if (ENDINGS.has(entry.event)) {
      const c = open.shift();
      if (!c) continue;
      c.endAt = entry.at;
      c.ended = entry.event as ServedConnection['ended'];
      c.seconds = (entry.at - c.connectAt) / 1000;
    }
  }
  return all;
}

/** Requests to `path` the server refused (reset without an answer). */
export function refusals(log: readonly StreamLogEntry[], path: string): number {
  return log.filter((e) => e.path === path && e.event === 'refused').length;
}

/** One line per log entry of `path`, times relative to the first: for assertion messages. */
export function describeLog(log: readonly StreamLogEntry[], path: string): string {
  const mine = log.filter((e) => e.path === path);
  const t0 = mine[0]?.at ?? 0;
  return mine.map((e) => `+${((e.at - t0) / 1000).toFixed(2)} s ${e.event}`).join('\n');
}
