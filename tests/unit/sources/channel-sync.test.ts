import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { ChannelSync, type IncomingChannel } from '../../../src-main/core/sources/channel-sync';
import { openSqlWriter } from '../../../src-main/core/import/sql-writer';
import { MIGRATIONS, tempDir } from '../../support/temp-dvr';

const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.$client.close();
});

function database(): Db {
  const db = openDatabase({ file: path.join(tempDir(), 't.db'), migrationsFolder: MIGRATIONS });
  db.$client.prepare("INSERT INTO sources (id, kind, name) VALUES (1, 'm3u', 's')").run();
  dbs.push(db);
  return db;
}

function channel(key: string, name: string, extra: Partial<IncomingChannel> = {}): IncomingChannel {
  return {
    key,
    name,
    group: 'G',
    url: `http://s.example.invalid/${encodeURIComponent(name)}.ts`,
    number: null,
    logo: null,
    headers: null,
    kind: 'live',
    tvgId: null,
    tvgName: null,
    attrs: null,
    ...extra,
  };
}

async function sync(db: Db, entries: IncomingChannel[], retire = true, now = 1000) {
  const writer = await openSqlWriter(db.$client);
  const s = ChannelSync.begin(db, writer, 1, now);
  for (const e of entries) s.add(e);
  const result = await s.finish(retire);
  await writer.close();
  const rows = db.$client
    .prepare('SELECT id, stable_key, name, url, missing_since FROM channels ORDER BY id')
    .all() as Array<{
    id: number;
    stable_key: string;
    name: string;
    url: string;
    missing_since: number | null;
  }>;
  return { result, rows };
}

describe('ChannelSync', () => {
  it('never gives two entries one key: falls back to the name key, then numbers it', async () => {
    const { rows, result } = await sync(database(), [
      channel('x', 'A'),
      channel('x', 'B'),
      channel('x', 'B'),
      channel('name:b|g', 'B'),
    ]);
    expect(rows.map((r) => r.stable_key)).toEqual(['x', 'name:b|g', 'name:b|g#2', 'name:b|g#3']);
    expect(result).toMatchObject({ items: 4, added: 4, updated: 0, counts: { live: 4, missing: 0 } });
  });

  it('updates in place, retires what is gone (keeping the row) and revives it', async () => {
    const db = database();
    await sync(db, [channel('a', 'A'), channel('b', 'B')]);
    const second = await sync(
      db,
      [channel('a', 'A', { url: 'http://new.example.invalid/a.ts' })],
      true,
      2000,
    );
    expect(second.result).toMatchObject({ updated: 1, removed: 1, counts: { live: 1, missing: 1 } });
    expect(second.rows.map((r) => [r.stable_key, r.url, r.missing_since])).toEqual([
      ['a', 'http://new.example.invalid/a.ts', null],
      ['b', 'http://s.example.invalid/B.ts', 2000],
    ]);
    const third = await sync(db, [channel('a', 'A'), channel('b', 'B')], true, 3000);
    expect(third.rows.map((r) => r.missing_since)).toEqual([null, null]);
    expect(third.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
  });

  it('does not retire when told not to (a damaged import)', async () => {
    const db = database();
    await sync(db, [channel('a', 'A'), channel('b', 'B')]);
    const partial = await sync(db, [channel('a', 'A')], false, 2000);
    expect(partial.result.counts).toEqual({ live: 2, vod: 0, series: 0, missing: 0 });
    expect(partial.rows.every((r) => r.missing_since === null)).toBe(true);
  });

  it('rescues a row whose key changed but whose name and group did not', async () => {
    const db = database();
    const first = await sync(db, [channel('xc:1', 'News'), channel('xc:2', 'Sport')]);
    const second = await sync(
      db,
      [channel('xc:901', 'News'), channel('xc:902', 'Sport'), channel('xc:3', 'New')],
      true,
      2000,
    );
    expect(second.result).toMatchObject({ added: 1, updated: 2, rescued: 2, removed: 0 });
    expect(second.rows.slice(0, 2).map((r) => [r.id, r.stable_key])).toEqual([
      [first.rows[0]!.id, 'xc:901'],
      [first.rows[1]!.id, 'xc:902'],
    ]);
  });

  it('does not rescue when the name is ambiguous', async () => {
    const db = database();
    await sync(db, [channel('1', 'Same'), channel('2', 'Other')]);
    const second = await sync(db, [channel('3', 'Same'), channel('4', 'Same', { group: 'G' })], true, 2000);
    expect(second.result.rescued).toBe(0);
  });
});
