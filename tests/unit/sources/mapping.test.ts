import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { autoMap, clearManualMapping, setManualMapping } from '../../../src-main/core/guide/mapping';
import { MIGRATIONS, tempDir } from '../../support/temp-dvr';

const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.$client.close();
});

function setup(): Db {
  const db = openDatabase({ file: path.join(tempDir(), 'm.db'), migrationsFolder: MIGRATIONS });
  dbs.push(db);
  const run = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).run(...params);
  run("INSERT INTO sources (id, kind, name) VALUES (1, 'm3u', 'one'), (2, 'm3u', 'two')");
  run("INSERT INTO guides (id, name, location) VALUES (10, 'general', '/g1.xml')");
  run("INSERT INTO guides (id, name, location, source_id) VALUES (20, 'own', '/g2.xml', 2)");
  const gc = (guide: number, id: string, names: string[]) =>
    run(
      'INSERT INTO guide_channels (guide_id, xmltv_id, display_names) VALUES (?, ?, ?)',
      guide,
      id,
      JSON.stringify(names),
    );
  gc(10, 'bbc1.uk', ['BBC One']);
  gc(10, 'cnn.us', ['CNN International']);
  gc(20, 'bbc1.uk', ['BBC One']);
  const ch = (id: number, source: number, name: string, tvg: string | null, kind = 'live') =>
    run(
      "INSERT INTO channels (id, source_id, stable_key, name, url, tvg_id, kind) VALUES (?, ?, ?, ?, 'http://x', ?, ?)",
      id,
      source,
      `k${id}`,
      name,
      tvg,
      kind,
    );
  ch(1, 1, 'Anything', 'bbc1.uk');
  ch(2, 1, 'Whatever', 'BBC1.UK');
  ch(3, 1, 'US: CNN International HD', null);
  ch(4, 1, 'Unknown', 'nope');
  ch(5, 2, 'BBC One', 'bbc1.uk');
  ch(6, 1, 'CNN International', null, 'vod');
  return db;
}

const mapping = (db: Db) =>
  db.$client
    .prepare('SELECT id, guide_id, guide_channel_id, guide_match FROM channels ORDER BY id')
    .raw()
    .all();

describe('automatic mapping', () => {
  it('matches by tvg-id, folded tvg-id, then name; prefers the source own guide; skips VOD', async () => {
    const db = setup();
    expect(await autoMap(db)).toBe(4);
    expect(mapping(db)).toEqual([
      [1, 10, 'bbc1.uk', 'tvg-id'],
      [2, 10, 'bbc1.uk', 'tvg-id'],
      [3, 10, 'cnn.us', 'name'],
      [4, null, null, null],
      [5, 20, 'bbc1.uk', 'tvg-id'],
      [6, null, null, null],
    ]);
    expect(await autoMap(db)).toBe(0);
  });

  it('leaves manual mappings alone and can return a channel to automatic', async () => {
    const db = setup();
    setManualMapping(db, 1, { guideId: 10, xmltvId: 'cnn.us' });
    setManualMapping(db, 3, null);
    await autoMap(db);
    expect(mapping(db).slice(0, 3)).toEqual([
      [1, 10, 'cnn.us', 'manual'],
      [2, 10, 'bbc1.uk', 'tvg-id'],
      [3, null, null, null],
    ]);
    await clearManualMapping(db, 3);
    expect(mapping(db)[2]).toEqual([3, 10, 'cnn.us', 'name']);
  });
});
