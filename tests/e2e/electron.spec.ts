// Launches the real desktop app where the Electron binary exists. Where it does not (CI and offline
// machines install with ELECTRON_SKIP_BINARY_DOWNLOAD=1) the test is skipped and says why.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { tempDir } from '../support/temp-dvr';

/** Reads electron's path.txt directly: require('electron') would try to download a missing binary. */
function electronBinary(): string | null {
  try {
    const pkg = path.dirname(createRequire(__filename).resolve('electron/package.json'));
    const relative = readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
    const binary = path.join(pkg, 'dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const nativeReady = existsSync(path.resolve(__dirname, '../../.electron-native/node_modules/better-sqlite3'));
const skipReason = !binary
  ? 'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or no network)'
  : !nativeReady
    ? 'better-sqlite3 for Electron is not built (run node scripts/prepare-electron.mjs)'
    : null;
if (skipReason) console.warn(`SKIPPED desktop test: ${skipReason}`);

test('the desktop window opens with a secure, working renderer', async () => {
  test.skip(skipReason !== null, skipReason ?? '');
  const app = await electron.launch({
    args: [path.resolve(__dirname, '../..'), '--data-dir', tempDir()],
    executablePath: binary!,
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('heading', { name: 'Tapedeck' })).toBeVisible();
  // No Node in the page, and the bridge exposes named functions only.
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(
    await window.evaluate(() => Object.keys((window as unknown as { tapedeck: object }).tapedeck)),
  ).toEqual(['commands', 'onEvent', 'mediaBase']);
  await app.close();
});
