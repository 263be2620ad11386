// The last word on connections: the recorder asks before every capture starts. The plan can be stale
// (a limit lowered, a recording started by hand, a rule's plan written before a resume), and a provider
// that sees one connection too many refuses it, or drops one already streaming: so a capture never
// opens one more connection of a group than the group allows, whatever the plan said.
import { TapedeckError } from '../../../src-shared/contract';
import { listNames } from './allocate-reason';
import type { GroupLookup } from './connection-limits';
import type { ConnectionGroup } from './plan-types';

export type Acquisition =
  | {
      ok: true;
      /** The group it counts against; null for a direct URL or a channel that is gone (no limit). */
      group: ConnectionGroup | null;
      /** Gives the connection back. Idempotent, and a no-op once the recording acquired again. */
      release: () => void;
    }
  | {
      ok: false;
      /** "all 2 connections to Provider X are in use, by News and Film" */
      reason: string;
      group: ConnectionGroup;
    };

/** A capture's connection: the group is looked up again at each decision (see countedIn). */
interface Lease {
  recordingId: number;
  channelId: number | null;
  label: string;
  /** The group last seen for its channel: still counted there if the channel has disappeared since. */
  groupKey: string | null;
}

/**
 * Thrown by the recorder when the guard says no: the scheduler keeps the recording waiting, and a
 * command that started it (start-now, retry) answers `conflict` with the reason, as any TapedeckError.
 */
export class NoFreeConnectionError extends TapedeckError {
  constructor(readonly reason: string) {
    super('conflict', `no free connection: ${reason}`);
    this.name = 'NoFreeConnectionError';
  }
}

/**
 * Counts live captures per connection group, in memory (captures are this process's own: after a
 * restart there are none until they resume). One lease per recording: acquiring again replaces the
 * recording's lease (a resumed capture is one connection, not two), and the old lease's release then
 * does nothing, so a late release of an ended session cannot free the new session's connection.
 *
 * Groups are looked up at every acquisition, for every lease, through `lookup` (a fresh
 * ConnectionLimits snapshot): a source moved into a shared group, or a limit changed, counts at once.
 */
export class ConnectionGuard {
  private readonly leases = new Map<number, Lease>();
  private readonly listeners = new Set<(group: string | null) => void>();

  constructor(private readonly lookup: () => GroupLookup) {}

  /**
   * Takes a connection of the channel's group for this recording, or says why there is none.
   * `channelId` null (a direct URL) is never limited. `label` names the recording in other
   * recordings' reasons (its title); default "recording <id>".
   */
  tryAcquire(recordingId: number, channelId: number | null, label = `recording ${recordingId}`): Acquisition {
    const limits = this.lookup();
    const group = channelId === null ? null : limits.channelGroup(channelId);
    const refused = this.refusal(recordingId, group, limits);
    if (refused !== null && group) return { ok: false, reason: refused, group };
    const lease: Lease = { recordingId, channelId, label, groupKey: group?.key ?? null };
    // Delete first: a renewed lease goes to the end of the acquisition order.
    this.leases.delete(recordingId);
    this.leases.set(recordingId, lease);
    return { ok: true, group, release: () => this.release(lease) };
  }

  /**
   * Would tryAcquire refuse? The reason if so, else null; takes nothing. For a command that must
   * refuse before it changes anything (start-now moves the window first).
   */
  check(recordingId: number, channelId: number | null): string | null {
    const limits = this.lookup();
    return this.refusal(recordingId, channelId === null ? null : limits.channelGroup(channelId), limits);
  }

  /** Live captures counted against a group now. */
  inUse(groupKey: string): number {
    return this.holdersIn(groupKey, this.lookup()).length;
  }

  /** The recordings holding a group's connections, in the order they acquired them. */
  holders(groupKey: string): number[] {
    return this.holdersIn(groupKey, this.lookup()).map((lease) => lease.recordingId);
  }

  /** Is this recording holding a connection? */
  holds(recordingId: number): boolean {
    return this.leases.has(recordingId);
  }

  /**
   * Called after each release with the freed group's key: a recording that was refused can start now
   * rather than on the next reconcile pass (a back-to-back recording waits for the one before it to
   * let go). Returns the unsubscribe.
   */
  onRelease(listener: (group: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private release(lease: Lease): void {
    if (this.leases.get(lease.recordingId) !== lease) return;
    this.leases.delete(lease.recordingId);
    for (const listener of [...this.listeners]) {
      try {
        listener(lease.groupKey);
      } catch (error) {
        // A listener's failure must not make a release throw in the middle of ending a capture.
        console.error('connection guard: a release listener failed', error);
      }
    }
  }

  /** Why this recording cannot have a connection of `group` now (its own lease aside), or null. */
  private refusal(recordingId: number, group: ConnectionGroup | null, limits: GroupLookup): string | null {
    if (!group || group.limit === null) return null;
    const holders = this.holdersIn(group.key, limits).filter((lease) => lease.recordingId !== recordingId);
    if (holders.length < group.limit) return null;
    return fullReason(
      group.name,
      group.limit,
      holders.map((lease) => lease.label),
    );
  }

  private holdersIn(groupKey: string, limits: GroupLookup): Lease[] {
    return [...this.leases.values()].filter((lease) => countedIn(lease, limits) === groupKey);
  }
}

/**
 * The group a lease counts against now: its channel's group, or the last one seen if the channel is
 * gone (its capture still streams from that account until it ends).
 */
function countedIn(lease: Lease, limits: GroupLookup): string | null {
  if (lease.channelId === null) return null;
  const now = limits.channelGroup(lease.channelId)?.key;
  if (now !== undefined) lease.groupKey = now;
  return lease.groupKey;
}

function fullReason(name: string, limit: number, holders: readonly string[]): string {
  if (limit === 0) return `${name} allows no connections`;
  const by = holders.length > 0 ? `, by ${listNames(holders)}` : '';
  if (holders.length === 1 && limit === 1) return `the only connection to ${name} is in use${by}`;
  if (holders.length === limit) return `all ${limit} connections to ${name} are in use${by}`;
  // More holders than the limit: it was lowered while they were recording.
  return `${name} allows ${limit} and ${holders.length} are in use${by}`;
}
