// Adding a source is all or nothing: `tapedeck serve` killed (-9) in the middle of a 100,000-entry
// playlist's first import leaves rows behind, and the next start removes the source with them, so the
// user sees nothing half-made and simply adds it again.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { apiCall, startServe, tempDataDir, type ServeProcess } from '../support/cli-runner';
import { tempDir } from '../support/temp-dvr';
import { waitFor } from '../support/wait';

const GENERATOR = path.resolve(__dirname, '../../scripts/gen-fixtures/m3u.mjs');
let serve: ServeProcess | null = null;

afterEach(() => {
  serve?.child.kill('SIGKILL');
  serve = null;
});

function count(dataDir: string, sql: string): number {
  const db = new BetterSqlite3(path.join(dataDir, 'tapedeck.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('a crash during a first import', () => {
  it('leaves no source and no channels after the next start', async () => {
    const playlist = path.join(tempDir(), 'big.m3u');
    execFileSync(process.execPath, [GENERATOR, '--entries', '100000', '--out', playlist]);
    const dataDir = tempDataDir();
    serve = await startServe(dataDir);
    const running = serve;
    // Not awaited: the process is killed while it runs.
    void apiCall(running.baseUrl, 'sources.add', { kind: 'm3u', location: playlist }, running.token).catch(
      () => undefined,
    );
    await waitFor(() => count(dataDir, 'SELECT COUNT(*) FROM channels') > 1_000, {
      timeoutMs: 60_000,
      what: 'the import to have written some channels',
      intervalMs: 5,
    });
    running.child.kill('SIGKILL');
    await new Promise((resolve) => running.child.once('exit', resolve));
    serve = null;
    // What today's code kept: part of the playlist and a source that never finished an import.
    const partial = count(dataDir, 'SELECT COUNT(*) FROM channels');
    expect(partial).toBeGreaterThan(1_000);
    expect(partial).toBeLessThan(100_000);

    serve = await startServe(dataDir);
    const listed = await apiCall(serve.baseUrl, 'sources.list', {}, serve.token);
    expect(listed.body).toEqual({ ok: true, result: [] });
    expect(count(dataDir, 'SELECT COUNT(*) FROM channels')).toBe(0);
    expect(serve.stderr()).toMatch(/its first import did not finish/);
    // And the same playlist can be added again, whole.
    const again = await apiCall(
      serve.baseUrl,
      'sources.add',
      { kind: 'm3u', location: playlist },
      serve.token,
    );
    expect((again.body as { ok: boolean }).ok).toBe(true);
    expect(count(dataDir, 'SELECT COUNT(*) FROM channels')).toBe(100_000);
  }, 180_000);
});
