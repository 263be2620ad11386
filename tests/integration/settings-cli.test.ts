// `tapedeck settings get|set` as a user runs it: the built binary against a real `tapedeck serve`.
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_DEFAULTS, type SettingsView } from '../../src-shared/settings';
import { runCli, runCliJson, startServe, tempDataDir, type ServeProcess } from '../support/cli-runner';

let dataDir: string;
let serve: ServeProcess;

beforeAll(async () => {
  dataDir = tempDataDir();
  serve = await startServe(dataDir);
}, 30_000);
afterAll(async () => {
  await serve?.stop();
});

const cli = (...args: string[]) => runCli(args, { dataDir });
const json = <T>(...args: string[]) => runCliJson<T>([...args, '--json'], { dataDir });

describe('tapedeck settings', () => {
  it('get prints every setting and the facts; --json the whole view', async () => {
    const view = await json<SettingsView>('settings', 'get');
    expect(view.settings).toEqual(SETTING_DEFAULTS);
    expect(view.facts.dataDir).toBe(dataDir);
    expect(view.facts.serverPort).toBe(Number(new URL(serve.baseUrl).port));
    const human = await cli('settings', 'get');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('stallTimeoutSec = 10\n');
    expect(human.stdout).toContain('recordingsDir = null\n');
    expect(human.stdout).toContain('notifications.lowDisk = true\n');
    expect(human.stdout).toContain(`recordings folder in use: ${path.join(dataDir, 'recordings')}\n`);
    expect(human.stdout).toContain(`server port: ${view.facts.serverPort}\n`);
  });

  it('get KEY prints one value', async () => {
    expect((await cli('settings', 'get', 'padAfterSec')).stdout).toBe('180\n');
    expect(await json<boolean>('settings', 'get', 'notifications.failed')).toBe(true);
    expect(await json<unknown>('settings', 'get', 'timeZone')).toBeNull();
  });

  it('set KEY VALUE: JSON when it parses, else text; null back to the default', async () => {
    expect((await cli('settings', 'set', 'stallTimeoutSec', '20')).stdout).toBe('stallTimeoutSec = 20\n');
    expect((await cli('settings', 'set', 'timeZone', 'Europe/Berlin')).stdout).toBe(
      'timeZone = Europe/Berlin\n',
    );
    expect(await json<string>('settings', 'set', 'theme', '"dark"')).toBe('dark');
    expect(await json<boolean>('settings', 'set', 'notifications.failed', 'false')).toBe(false);
    expect(await json<number>('settings', 'set', 'keepDays', '30')).toBe(30);
    const view = await json<SettingsView>('settings', 'get');
    expect(view.settings).toMatchObject({
      stallTimeoutSec: 20,
      timeZone: 'Europe/Berlin',
      theme: 'dark',
      keepDays: 30,
      notifications: { ...SETTING_DEFAULTS.notifications, failed: false },
    });

    expect((await cli('settings', 'set', 'stallTimeoutSec', 'null')).stdout).toBe('stallTimeoutSec = 10\n');
    expect((await cli('settings', 'set', 'keepDays', 'null')).stdout).toBe('keepDays = null\n');
    expect(await json<unknown>('settings', 'set', 'notifications', 'null')).toEqual(
      SETTING_DEFAULTS.notifications,
    );
  });

  it('a relative path is taken from where the command runs, and the folder is made', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'tapedeck-cwd-'));
    const result = await runCli(['settings', 'set', 'recordingsDir', 'tv'], { dataDir, cwd });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`recordingsDir = ${path.join(cwd, 'tv')}\n`);
    expect(existsSync(path.join(cwd, 'tv'))).toBe(true);
    await cli('settings', 'set', 'recordingsDir', 'null');
  });

  it.each([
    [
      ['set', 'colour', 'red'],
      /^tapedeck: unknown setting "colour"; settings are recordingsDir, importDir, /,
    ],
    [['get', 'colour'], /^tapedeck: unknown setting "colour"/],
    [['set', 'notifications.beep', 'true'], /^tapedeck: unknown notification "beep"; they are started, /],
    [['set', 'theme.x', 'true'], /^tapedeck: theme has no parts: use theme/],
    [
      ['set', 'notifications.failed', 'maybe'],
      /^tapedeck: notifications.failed is true or false \(got maybe\)/,
    ],
    [['set', 'stallTimeoutSec', '1'], /^tapedeck: settings\.update: stallTimeoutSec: .*3/],
    [['set', 'theme', 'purple'], /^tapedeck: settings\.update: theme: /],
    [['set', 'timeZone', 'Mars/Base'], /^tapedeck: settings\.update: timeZone: not a known time zone/],
    [['set', 'ffmpegPath', '/bin/echo'], /^tapedeck: \/bin\/echo does not run as ffmpeg/],
  ])('%j is refused with one readable line', async (args, message) => {
    const result = await cli('settings', ...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });
});
