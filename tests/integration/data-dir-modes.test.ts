// Issue 8, item 3: the data folder holds the database and every credential the app keeps, so it is
// the owner's alone (0700), and so are the files in it that hold or lead to credentials (0600), also
// when an older version, a restore or a copy left them readable. Real files, real modes.
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../src-main/core/secrets';
import { loadOrCreateToken, writeInstanceFile } from '../../src-main/server/instance-file';
import { openTempDvr, tempDir } from '../support/temp-dvr';

const modeOf = (file: string): number => statSync(file).mode & 0o777;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe.runIf(process.platform !== 'win32')('data folder modes', () => {
  it('a new data folder and the files written into it are the owner’s only', async () => {
    const parent = tempDir('tapedeck-modes-');
    const dataDir = path.join(parent, 'nested', 'Tapedeck');
    const previous = process.umask(0o022);
    try {
      const { dvr, cleanup } = await openTempDvr({ dataDir });
      cleanups.push(cleanup);
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(path.join(dataDir, 'tapedeck.lock'))).toBe(0o600);
      loadOrCreateToken(dataDir);
      expect(modeOf(path.join(dataDir, 'server-token'))).toBe(0o600);
      writeInstanceFile(dataDir, { url: 'http://127.0.0.1:1', token: 'x', pid: process.pid });
      expect(modeOf(path.join(dataDir, 'server.json'))).toBe(0o600);
      FileSecretStore.inDataDir(dataDir).set('k', 'v');
      expect(modeOf(path.join(dataDir, 'secrets.json'))).toBe(0o600);
      expect(dvr.recordingsDir().startsWith(dataDir)).toBe(true);
    } finally {
      process.umask(previous);
    }
  });

  it('an existing folder and files left readable by others are tightened at startup', async () => {
    const dataDir = tempDir('tapedeck-modes-old-');
    const files = ['server-token', 'server.json', 'secrets.json', 'secrets.enc.json'];
    writeFileSync(path.join(dataDir, 'server-token'), 'A'.repeat(32), { mode: 0o644 });
    writeFileSync(path.join(dataDir, 'server.json'), '{}', { mode: 0o644 });
    writeFileSync(path.join(dataDir, 'secrets.json'), '{"xtream:1":"{}"}', { mode: 0o666 });
    writeFileSync(path.join(dataDir, 'secrets.enc.json'), '{}', { mode: 0o644 });
    // A stale lock of a process that is gone (kill -9), written world-readable by an older version.
    writeFileSync(
      path.join(dataDir, 'tapedeck.lock'),
      JSON.stringify({ pid: 2 ** 22 + 1, host: 'elsewhere', since: 0, app: 'old' }),
      { mode: 0o644 },
    );
    chmodSync(dataDir, 0o755);
    for (const file of files) chmodSync(path.join(dataDir, file), 0o644);

    const { cleanup } = await openTempDvr({ dataDir });
    cleanups.push(cleanup);
    expect(modeOf(dataDir)).toBe(0o700);
    for (const file of [...files, 'tapedeck.lock'])
      expect(modeOf(path.join(dataDir, file)), file).toBe(0o600);
    // The token survives: tightening changes modes, not contents.
    expect(loadOrCreateToken(dataDir)).toBe('A'.repeat(32));
  });
});
