// Issue 8, item 3: no password or token reaches the database, the event log, the CLI's --json output
// or an error, whatever the caller writes. A recording of an Xtream-style stream URL whose panel
// refuses it (401) makes ffmpeg print the full credentialled URL on stderr; that line becomes the
// segment error, the event-log notes and the recording's error. The file itself is then read as a
// stranger would: every text column of every table, and the raw bytes of the database and its WAL.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { runCli } from '../../src-main/server/cli';
import { startHttpServer, type RunningServer } from '../../src-main/server/http-server';
import { loadOrCreateToken, writeInstanceFile } from '../../src-main/server/instance-file';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';

const PASSWORD = 's3cret';
let streams: StreamServer;
let dvr: Dvr;
let dataDir: string;
let cleanup: () => Promise<void>;
let api: RunningServer;

beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive(`/live/alice/${PASSWORD}/123.ts`, { status: 401 });
  streams.addLive(`/live/alice/${PASSWORD}/200.ts`);
  await streams.ready();
  ({ dvr, dataDir, cleanup } = await openTempDvr({
    captureSettings: { maxFailedAttempts: 2, retryBaseMs: 100 },
  }));
  const token = loadOrCreateToken(dataDir);
  api = await startHttpServer({ dvr, host: '127.0.0.1', port: 0, token, rendererDir: null });
  writeInstanceFile(dataDir, { url: api.url, token, pid: process.pid });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await cleanup?.();
  await streams?.close();
});

/** Every text (and blob) value of every table, as `table.column: value`. */
function everyStoredText(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[];
    const found: string[] = [];
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === 'string') found.push(`${table}.${column}: ${value}`);
          else if (Buffer.isBuffer(value)) found.push(`${table}.${column}: ${value.toString('latin1')}`);
        }
      }
    }
    return found;
  } finally {
    db.close();
  }
}

async function cliJson(args: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['--data-dir', dataDir, ...args],
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    dataDir,
  );
  expect(err.join('\n')).toBe('');
  expect(code).toBe(0);
  return out.join('\n');
}

describe('secrets stay out of the database', () => {
  it('a refused Xtream stream leaves a readable error without its password anywhere', async () => {
    const url = streams.url(`/live/alice/${PASSWORD}/123.ts`);
    const scheduled = await dvr.call('recordings.schedule', { url, start: Date.now(), durationMs: 3000 });
    const done = await waitForStatus(dvr, scheduled.id, ['completed', 'failed'], 30_000);
    expect(done.status).toBe('failed');
    // Still says what went wrong, and where.
    expect(done.error).toMatch(/401/);
    expect(streams.connections(`/live/alice/${PASSWORD}/123.ts`)).toBeGreaterThanOrEqual(2);

    const events = await dvr.call('recordings.events', { id: done.id });
    expect(events.some((e) => /401/.test(e.reason))).toBe(true);
    expect(events.some((e) => e.reason.includes('/live/***/***/123.ts'))).toBe(true);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    expect(JSON.stringify(await dvr.call('recordings.get', { id: done.id }))).not.toContain(PASSWORD);

    const shown = await cliJson(['show', String(done.id), '--json']);
    expect(shown).toMatch(/401/);
    expect(shown).not.toContain(PASSWORD);
    expect(await cliJson(['list', '--json'])).not.toContain(PASSWORD);

    const db = path.join(dataDir, 'tapedeck.db');
    const stored = everyStoredText(db);
    expect(stored.some((v) => /401/.test(v))).toBe(true);
    expect(stored.filter((v) => v.includes(PASSWORD))).toEqual([]);
    for (const file of [db, `${db}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(PASSWORD), file).toBe(false);
    }
  }, 60_000);

  it('a credentialled stream URL still records, with the URL kept in the secret store', async () => {
    const url = streams.url(`/live/alice/${PASSWORD}/200.ts`);
    const scheduled = await dvr.call('recordings.schedule', { url, start: Date.now(), durationMs: 4000 });
    // What is shown has no password; what is recorded is the real stream.
    expect(scheduled.url).toBe(streams.url('/live/***/***/200.ts'));
    const done = await waitForStatus(dvr, scheduled.id, ['completed', 'failed'], 30_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    expect(streams.connections(`/live/alice/${PASSWORD}/200.ts`)).toBeGreaterThanOrEqual(1);
    expect(everyStoredText(path.join(dataDir, 'tapedeck.db')).filter((v) => v.includes(PASSWORD))).toEqual(
      [],
    );
    // Deleting the recording forgets its URL.
    await dvr.call('recordings.delete', { id: done.id });
    expect(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')).not.toContain('200.ts');
  }, 60_000);

  it('a failed source refresh stores its error without the password', async () => {
    const source = dvr.sources.store.insert({
      kind: 'm3u',
      name: 'leaky',
      location: 'http://127.0.0.1:9/get.php?username=alice&password=hunter22',
    });
    dvr.sources.store.recordFailure(
      source.id,
      `cannot read http://127.0.0.1:9/get.php?username=alice&password=hunter22 or http://127.0.0.1:9/live/alice/${PASSWORD}/1.ts`,
      Date.now(),
    );
    const row = dvr.sources.store.row(source.id);
    expect(row.lastError).toContain('password=***');
    expect(row.lastError).not.toContain('hunter22');
    expect(row.lastError).not.toContain(PASSWORD);
    // A report's problems quote playlist lines: a skipped line can be a credentialled URL.
    dvr.sources.store.recordSuccess(
      source.id,
      {
        at: Date.now(),
        durationMs: 1,
        items: 1,
        added: 0,
        updated: 0,
        removed: 0,
        problems: [{ line: 3, offset: null, message: `bad entry: http://h/live/alice/${PASSWORD}/1.ts` }],
        problemCount: 1,
        stoppedEarly: null,
      },
      {},
      Date.now(),
    );
    const imported = JSON.stringify(dvr.sources.store.row(source.id).lastImport);
    expect(imported).toContain('/live/***/***/1.ts');
    expect(imported).not.toContain(PASSWORD);
    dvr.sources.store.remove(source.id);
  });
});
