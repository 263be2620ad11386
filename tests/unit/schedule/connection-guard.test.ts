import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { ConnectionGuard, NoFreeConnectionError } from '../../../src-main/core/schedule/connection-guard';
import { ConnectionLimits, type GroupLookup } from '../../../src-main/core/schedule/connection-limits';
import type { ConnectionGroup } from '../../../src-main/core/schedule/plan-types';
import { TapedeckError } from '../../../src-shared/contract';
import { MIGRATIONS, tempDir } from '../../support/temp-dvr';

/** Channels 1, 2: Provider X (limit 2); 3: Provider Y (limit 1); 4: unlimited; others: gone. */
function lookup(groups: Record<number, ConnectionGroup> = defaults()): GroupLookup {
  return { channelGroup: (channelId) => groups[channelId] ?? null };
}
function defaults(): Record<number, ConnectionGroup> {
  const x = { key: 'x', name: 'Provider X', limit: 2 };
  return {
    1: x,
    2: x,
    3: { key: 'y', name: 'Provider Y', limit: 1 },
    4: { key: 'free', name: 'Free', limit: null },
  };
}

function acquired(result: ReturnType<ConnectionGuard['tryAcquire']>) {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result;
}

describe('ConnectionGuard', () => {
  it('counts captures per group and refuses the one beyond the limit', () => {
    const guard = new ConnectionGuard(() => lookup());
    const a = acquired(guard.tryAcquire(1, 1, 'News'));
    acquired(guard.tryAcquire(2, 2, 'Film'));
    // Another account is counted apart.
    acquired(guard.tryAcquire(3, 3, 'Match'));
    expect(guard.inUse('x')).toBe(2);
    expect(guard.holders('x')).toEqual([1, 2]);
    expect(guard.inUse('y')).toBe(1);

    const refused = guard.tryAcquire(4, 1, 'Late Show');
    expect(refused).toEqual({
      ok: false,
      reason: 'all 2 connections to Provider X are in use, by News and Film',
      group: { key: 'x', name: 'Provider X', limit: 2 },
    });
    expect(guard.tryAcquire(5, 3)).toMatchObject({
      ok: false,
      reason: 'the only connection to Provider Y is in use, by Match',
    });
    expect(guard.holds(4)).toBe(false);

    a.release();
    expect(guard.inUse('x')).toBe(1);
    expect(guard.tryAcquire(4, 1, 'Late Show').ok).toBe(true);
  });

  it('two acquisitions at the limit: the second is refused', async () => {
    const guard = new ConnectionGuard(() => lookup());
    acquired(guard.tryAcquire(1, 1));
    // Both asked "at once" (two reconcile callbacks in the same tick): acquisition is synchronous,
    // so exactly one of them gets the last connection.
    const results = await Promise.all([
      Promise.resolve().then(() => guard.tryAcquire(2, 1)),
      Promise.resolve().then(() => guard.tryAcquire(3, 2)),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(guard.inUse('x')).toBe(2);
  });

  it('release is idempotent, and a stale release does not free a newer lease', () => {
    const guard = new ConnectionGuard(() => lookup());
    const first = acquired(guard.tryAcquire(1, 1));
    first.release();
    first.release();
    expect(guard.inUse('x')).toBe(0);

    // The same recording acquiring again (a resumed capture) holds one connection, not two...
    const old = acquired(guard.tryAcquire(7, 1));
    const renewed = acquired(guard.tryAcquire(7, 1));
    expect(guard.inUse('x')).toBe(1);
    // ...and the ended session's late release leaves the new session's connection alone.
    old.release();
    expect(guard.holders('x')).toEqual([7]);
    renewed.release();
    expect(guard.inUse('x')).toBe(0);
  });

  it('lists holders in the order they acquired, a renewed lease last', () => {
    const guard = new ConnectionGuard(() => lookup());
    acquired(guard.tryAcquire(7, 1));
    acquired(guard.tryAcquire(8, 2));
    expect(guard.holders('x')).toEqual([7, 8]);
    acquired(guard.tryAcquire(7, 1));
    expect(guard.holders('x')).toEqual([8, 7]);
  });

  it('a recording re-acquiring at the limit is not refused because of itself', () => {
    const guard = new ConnectionGuard(() => lookup());
    acquired(guard.tryAcquire(1, 3));
    expect(guard.tryAcquire(1, 3).ok).toBe(true);
    expect(guard.inUse('y')).toBe(1);
  });

  it('direct URLs, gone channels and unlimited groups are never refused', () => {
    const guard = new ConnectionGuard(() => lookup());
    for (let id = 1; id <= 20; id++) {
      expect(guard.tryAcquire(id, null).ok).toBe(true);
      expect(guard.tryAcquire(100 + id, 999).ok).toBe(true);
      expect(guard.tryAcquire(200 + id, 4).ok).toBe(true);
    }
    expect(guard.inUse('free')).toBe(20);
  });

  it('tells listeners which group a release freed', () => {
    const guard = new ConnectionGuard(() => lookup());
    const freed: Array<string | null> = [];
    const stop = guard.onRelease((group) => freed.push(group));
    guard.onRelease(() => {
      throw new Error('a broken listener');
    });
    const a = acquired(guard.tryAcquire(1, 1));
    const b = acquired(guard.tryAcquire(2, null));
    const original = console.error;
    console.error = () => undefined;
    try {
      a.release();
      a.release();
      b.release();
    } finally {
      console.error = original;
    }
    expect(freed).toEqual(['x', null]);
    stop();
    acquired(guard.tryAcquire(3, 1)).release();
    expect(freed).toEqual(['x', null]);
  });

  it('counts by the groups as they are now: a regrouped source, a lowered limit, a gone channel', () => {
    const groups = defaults();
    const guard = new ConnectionGuard(() => lookup(groups));
    acquired(guard.tryAcquire(1, 3, 'Match')); // Provider Y
    acquired(guard.tryAcquire(2, 1, 'News')); // Provider X
    // The user puts Y's source into X's account: both captures count against X now.
    groups[3] = groups[1]!;
    expect(guard.inUse('x')).toBe(2);
    expect(guard.tryAcquire(3, 2).ok).toBe(false);
    // The limit goes down to 1 while two record: they keep going; the reason says what happened.
    groups[1] = groups[2] = groups[3] = { key: 'x', name: 'Provider X', limit: 1 };
    expect(guard.tryAcquire(3, 2)).toMatchObject({
      ok: false,
      reason: 'Provider X allows 1 and 2 are in use, by Match and News',
    });
    // A channel deleted mid-capture: its capture still holds a connection of the group it had.
    delete groups[3];
    expect(guard.inUse('x')).toBe(2);
  });

  it('works over ConnectionLimits read from the database', () => {
    const dir = tempDir();
    const db: Db = openDatabase({ file: path.join(dir, 'tapedeck.db'), migrationsFolder: MIGRATIONS });
    try {
      db.$client.exec(`
        INSERT INTO sources (id, kind, name, max_connections, connection_group) VALUES
          (1, 'xtream', 'Acme', 2, 'acme'), (2, 'm3u', 'Acme extra', 1, 'acme');
        INSERT INTO channels (id, source_id, stable_key, name, url) VALUES
          (10, 1, 'a', 'A', 'http://a.invalid/1.ts'), (20, 2, 'b', 'B', 'http://a.invalid/2.ts');
      `);
      const guard = new ConnectionGuard(() => ConnectionLimits.read(db));
      expect(guard.tryAcquire(1, 10).ok).toBe(true);
      expect(guard.tryAcquire(2, 20)).toMatchObject({
        ok: false,
        reason: 'the only connection to acme is in use, by recording 1',
      });
    } finally {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('check() says what tryAcquire would, and takes nothing', () => {
    const guard = new ConnectionGuard(() => lookup());
    acquired(guard.tryAcquire(1, 3, 'Match'));
    expect(guard.check(2, 3)).toBe('the only connection to Provider Y is in use, by Match');
    expect(guard.check(1, 3)).toBeNull(); // its own connection
    expect(guard.check(2, 1)).toBeNull();
    expect(guard.check(2, null)).toBeNull();
    expect(guard.inUse('x')).toBe(0);
    expect(guard.holds(2)).toBe(false);
  });

  it('NoFreeConnectionError is a conflict carrying the reason', () => {
    const error = new NoFreeConnectionError('all 2 connections to Provider X are in use, by A and B');
    expect(error).toBeInstanceOf(TapedeckError);
    expect(error.toWire()).toEqual({
      code: 'conflict',
      message: 'no free connection: all 2 connections to Provider X are in use, by A and B',
    });
    expect(error.reason).toMatch(/^all 2/);
  });
});
