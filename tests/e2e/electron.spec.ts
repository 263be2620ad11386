// Launches the real desktop app where the Electron binary exists: the window opens from app://tapedeck
// with no Node in the page, the recordings list shows what was scheduled through the bridge, the tray
// exists, and Quit stops cleanly (exit code 0, lock and instance file removed). Where the binary is
// absent (these machines: ELECTRON_SKIP_BINARY_DOWNLOAD, no route to github.com) or the app is not
// built, the test is skipped and says why, in the report and on the console.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { tempDir } from '../support/temp-dvr';

const ROOT = path.resolve(__dirname, '../..');

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
const skipReason = !binary
  ? 'the Electron binary is not installed (node_modules/electron/dist is missing: installed with ' +
    'ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without network). Install it with `node node_modules/electron/install.js` to run this test'
  : !existsSync(path.join(ROOT, '.electron-native/node_modules/better-sqlite3'))
    ? 'better-sqlite3 for Electron is not built (run `node scripts/prepare-electron.mjs`)'
    : !existsSync(path.join(ROOT, 'dist/main/main.cjs')) ||
        !existsSync(path.join(ROOT, 'dist/renderer/index.html'))
      ? 'the app is not built (run `npm run build`)'
      : null;
if (skipReason) console.warn(`\n*** SKIPPED the Electron desktop test: ${skipReason} ***\n`);

interface TrayViewLike {
  icon: string;
  tooltip: string;
  items: Array<{ label: string }>;
}

test('desktop: secure window, recordings list, tray, clean quit', async () => {
  test.skip(skipReason !== null, skipReason ?? '');
  const dataDir = tempDir('tapedeck-electron-');
  const app = await electron.launch({
    args: [ROOT, '--data-dir', dataDir],
    executablePath: binary!,
    env: { ...process.env, TAPEDECK_E2E: '1' },
  });
  const window = await app.firstWindow();
  expect(window.url()).toMatch(/^app:\/\/tapedeck\//);

  // No Node in the page; the bridge exposes named functions only.
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  expect(
    await window.evaluate(() => Object.keys((window as unknown as { tapedeck: object }).tapedeck).sort()),
  ).toEqual(['commands', 'mediaBase', 'onEvent', 'onNavigate']);

  // Schedule through the bridge, then find it in the recordings list.
  await window.evaluate(async () => {
    const bridge = (
      window as unknown as {
        tapedeck: { commands: Record<string, (input: unknown) => Promise<{ ok: boolean }>> };
      }
    ).tapedeck;
    await bridge.commands['recordings.schedule']!({
      url: 'http://127.0.0.1:9/later.ts',
      start: Date.now() + 3 * 3600_000,
      durationMs: 1_800_000,
      title: 'Electron smoke test',
    });
  });
  await window.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recordings' }).click();
  await expect(window.getByRole('heading', { name: 'Recordings', level: 1 })).toBeVisible();
  await expect(window.getByText('Electron smoke test').first()).toBeVisible();

  // The tray exists and shows the next recording.
  await expect
    .poll(
      async () =>
        (await app.evaluate(() => {
          const hook = (globalThis as { tapedeckE2E?: { tray(): unknown } }).tapedeckE2E;
          return hook ? hook.tray() : null;
        })) as TrayViewLike | null,
      { timeout: 15_000 },
    )
    .toMatchObject({ icon: 'idle', tooltip: expect.stringContaining('Next: Electron smoke test') });

  // Quit as the tray's Quit does: before-quit shuts the core down, then the process exits 0.
  const exited = new Promise<number | null>((resolve) => app.process().once('exit', (code) => resolve(code)));
  await app.evaluate(({ app: electronApp }) => electronApp.quit());
  expect(await exited).toBe(0);
  expect(existsSync(path.join(dataDir, 'tapedeck.lock'))).toBe(false);
  expect(existsSync(path.join(dataDir, 'server.json'))).toBe(false);
});
