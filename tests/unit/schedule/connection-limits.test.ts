// Connection groups and limits as read from a real SQLite file (migrated like the app's).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { channels, sources } from '../../../src-main/core/db/schema';
import { ConnectionLimits, groupKeyOf } from '../../../src-main/core/schedule/connection-limits';
import { MIGRATIONS, tempDir } from '../../support/temp-dvr';

const opened: Array<{ db: Db; dir: string }> = [];
afterEach(() => {
  for (const { db, dir } of opened.splice(0)) {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function database(): Db {
  const dir = tempDir();
  const db = openDatabase({ file: path.join(dir, 'tapedeck.db'), migrationsFolder: MIGRATIONS });
  opened.push({ db, dir });
  return db;
}

type Kind = (typeof sources.$inferInsert)['kind'];

function addSource(
  db: Db,
  id: number,
  name: string,
  maxConnections: number | null,
  connectionGroup: string | null = null,
  kind: Kind = 'm3u',
): void {
  db.insert(sources)
    .values({
      id,
      kind,
      name,
      location: `http://${id}.example.invalid/list.m3u`,
      maxConnections,
      connectionGroup,
    })
    .run();
}

function addChannel(db: Db, id: number, sourceId: number): void {
  db.insert(channels)
    .values({ id, sourceId, stableKey: `ch${id}`, name: `Channel ${id}`, url: `http://x.invalid/${id}.ts` })
    .run();
}

describe('ConnectionLimits', () => {
  it('reads every source with its group, its name and the smallest limit of the group', () => {
    const db = database();
    addSource(db, 1, 'Acme (sports list)', 3, 'acme', 'xtream');
    addSource(db, 2, 'Acme (films list)', 2, 'acme');
    addSource(db, 3, 'Acme (no number)', null, 'acme');
    addSource(db, 4, 'Living room tuner', 2, null, 'hdhomerun');
    addSource(db, 5, 'Free playlist', null);
    addSource(db, 6, 'Manual', null, null, 'manual');
    addChannel(db, 100, 1);
    addChannel(db, 200, 2);
    addChannel(db, 400, 4);
    addChannel(db, 500, 5);

    const limits = ConnectionLimits.read(db);
    expect([...limits.groups.values()]).toEqual([
      { key: 'acme', name: 'acme', limit: 2 },
      { key: 'source:4', name: 'Living room tuner', limit: 2 },
      { key: 'source:5', name: 'Free playlist', limit: null },
      { key: 'source:6', name: 'Manual', limit: null },
    ]);
    expect(limits.sourceGroup(3)).toEqual({ key: 'acme', name: 'acme', limit: 2 });
    expect(limits.sourceGroup(99)).toBeNull();
    expect(limits.channelGroup(100)?.key).toBe('acme');
    expect(limits.channelGroup(200)).toBe(limits.channelGroup(100));
    expect(limits.channelGroup(400)).toEqual({ key: 'source:4', name: 'Living room tuner', limit: 2 });
    expect(limits.channelGroup(500)?.limit).toBeNull();
    // A direct-URL recording (no channel) and a channel that is gone: no group, no limit.
    expect(limits.channelGroup(null)).toBeNull();
    expect(limits.channelGroup(999)).toBeNull();
  });

  it('a group without any limit is unlimited; blank group names mean the source alone', () => {
    const db = database();
    addSource(db, 1, 'A', null, 'shared');
    addSource(db, 2, 'B', null, 'shared');
    addSource(db, 3, 'C', 1, '   ');
    const limits = ConnectionLimits.read(db);
    expect(limits.groups.get('shared')).toEqual({ key: 'shared', name: 'shared', limit: null });
    expect(limits.sourceGroup(3)).toEqual({ key: 'source:3', name: 'C', limit: 1 });
  });

  it('a group named source:<id> joins that source, and is named after it', () => {
    const db = database();
    addSource(db, 1, 'Main account', 4);
    addSource(db, 2, 'Second playlist of it', 1, 'source:1');
    const limits = ConnectionLimits.read(db);
    expect([...limits.groups.values()]).toEqual([{ key: 'source:1', name: 'Main account', limit: 1 }]);
    expect(limits.sourceGroup(2)).toBe(limits.sourceGroup(1));
  });

  it('limits below 1 count as none (panels write 0 for unlimited)', () => {
    const db = database();
    addSource(db, 1, 'Zero', 0);
    expect(ConnectionLimits.read(db).sourceGroup(1)?.limit).toBeNull();
  });

  it('is a snapshot: a change shows in the next read', () => {
    const db = database();
    addSource(db, 1, 'A', 2);
    addSource(db, 2, 'B', 1);
    addChannel(db, 10, 1);
    const before = ConnectionLimits.read(db);
    db.$client.prepare("UPDATE sources SET connection_group = 'ab'").run();
    expect(before.channelGroup(10)).toEqual({ key: 'source:1', name: 'A', limit: 2 });
    expect(ConnectionLimits.read(db).channelGroup(10)).toEqual({ key: 'ab', name: 'ab', limit: 1 });
  });

  it('group keys', () => {
    expect(groupKeyOf({ id: 7, connectionGroup: null })).toBe('source:7');
    expect(groupKeyOf({ id: 7, connectionGroup: ' acme ' })).toBe('acme');
  });
});
