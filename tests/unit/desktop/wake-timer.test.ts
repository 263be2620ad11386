// The wake timer with a fake runner and temp-file writer (schtasks only exists on Windows): the task's
// XML (well-formed per saxes, the trigger in local time, WakeToRun, guide text escaped), the schtasks
// argument arrays, one task kept in step with the next recording, deleted when nothing is next, when
// the setting is off and on quit; nothing at all on macOS and Linux; failures logged once, never thrown.
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait';
import {
  WAKE_LEAD_MS,
  WAKE_TASK_NAME,
  escapeXml,
  localIsoTime,
  wakeTaskXml,
} from '../../../src-main/desktop/wake-task';
import { WAKE_TASK_FILE, WakeTimer, type RunResult } from '../../../src-main/desktop/wake-timer';
import { SETTING_DEFAULTS, SettingsSchema } from '../../../src-shared/settings';

const SCHTASKS = 'C:\\Windows\\System32\\schtasks.exe';
const TEMP = 'C:\\Users\\me\\AppData\\Local\\Temp\\tapedeck-x';
// Local times, so the expectations hold in any zone the suite runs in.
const NOW = new Date(2026, 11, 3, 18, 0, 0).getTime();
const START = new Date(2026, 11, 3, 20, 0, 0).getTime();

/** Element path ("Task/Settings/WakeToRun") -> its text, from a real XML parser (throws if malformed). */
function parseXml(xml: string): Map<string, string> {
  const parser = new SaxesParser({ xmlns: true });
  const stack: string[] = [];
  const texts = new Map<string, string>();
  let rootNs = '';
  parser.on('opentag', (tag) => {
    if (stack.length === 0) rootNs = tag.uri;
    stack.push(tag.local);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (text) => {
    if (text.trim()) texts.set(stack.join('/'), (texts.get(stack.join('/')) ?? '') + text);
  });
  parser.write(xml).close();
  texts.set('#ns', rootNs);
  return texts;
}

function utf16(data: Uint8Array): string {
  const buffer = Buffer.from(data);
  expect([...buffer.subarray(0, 2)]).toEqual([0xff, 0xfe]);
  return buffer.subarray(2).toString('utf16le');
}

function harness(
  options: { platform?: string; enabled?: boolean; fail?: (args: string[]) => RunResult | Error } = {},
) {
  const calls: Array<{ cmd: string; args: string[] }> = [];
  const files: Array<{ name: string; xml: string }> = [];
  const lines: string[] = [];
  let clock = NOW;
  const wake = new WakeTimer({
    platform: options.platform ?? 'win32',
    run: (cmd, args) => {
      calls.push({ cmd, args });
      const failure = options.fail?.(args);
      if (failure instanceof Error) return Promise.reject(failure);
      return Promise.resolve(failure ?? { code: 0, stderr: '' });
    },
    writeTempFile: (name, data) => {
      files.push({ name, xml: utf16(data) });
      return Promise.resolve(`${TEMP}\\${name}`);
    },
    now: () => clock,
    log: (line) => lines.push(line),
    enabled: options.enabled ?? true,
    systemRoot: 'C:\\Windows',
  });
  const verbs = () => calls.map((c) => c.args[0]);
  return { wake, calls, files, lines, verbs, setClock: (ms: number) => (clock = ms) };
}

const CREATE = ['/Create', '/TN', WAKE_TASK_NAME, '/XML', `${TEMP}\\${WAKE_TASK_FILE}`, '/F'];
const DELETE = ['/Delete', '/TN', WAKE_TASK_NAME, '/F'];

describe('the task XML', () => {
  it('is well-formed, wakes the computer 2 minutes early in local time and runs nothing harmful', () => {
    const xml = wakeTaskXml({ wakeAt: START - WAKE_LEAD_MS, title: 'News' });
    const t = parseXml(xml);
    expect(t.get('#ns')).toBe('http://schemas.microsoft.com/windows/2004/02/mit/task');
    expect(t.get('Task/Triggers/TimeTrigger/StartBoundary')).toBe('2026-12-03T19:58:00');
    expect(t.get('Task/Triggers/TimeTrigger/EndBoundary')).toBe('2026-12-03T20:28:00');
    expect(t.get('Task/Settings/WakeToRun')).toBe('true');
    expect(t.get('Task/Settings/StartWhenAvailable')).toBe('false');
    expect(t.get('Task/Settings/DeleteExpiredTaskAfter')).toBe('PT1H');
    expect(t.get('Task/Settings/DisallowStartIfOnBatteries')).toBe('false');
    expect(t.get('Task/Principals/Principal/LogonType')).toBe('InteractiveToken');
    expect(t.get('Task/Principals/Principal/RunLevel')).toBe('LeastPrivilege');
    expect(t.get('Task/Actions/Exec/Command')).toBe('%SystemRoot%\\System32\\cmd.exe');
    expect(t.get('Task/Actions/Exec/Arguments')).toBe('/c exit');
  });

  it('escapes guide text and drops characters XML cannot hold', () => {
    const title = `Tom & Jerry <live> "it's" ]]> \u0001\u001f done \uD800`;
    const t = parseXml(wakeTaskXml({ wakeAt: START, title }));
    expect(t.get('Task/RegistrationInfo/Description')).toContain(`"Tom & Jerry <live> "it's" ]]>  done "`);
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });

  it('writes local time with two-digit fields and whole seconds', () => {
    expect(localIsoTime(new Date(2027, 0, 5, 7, 3, 9, 999).getTime())).toBe('2027-01-05T07:03:09');
  });
});

describe('WakeTimer on Windows', () => {
  it('creates one task for the next recording, with schtasks by its full path and argument arrays', async () => {
    const h = harness();
    await h.wake.update({ title: 'News', startAt: START });
    expect(h.calls).toEqual([{ cmd: SCHTASKS, args: CREATE }]);
    expect(h.files).toHaveLength(1);
    expect(h.files[0]?.xml.startsWith('<?xml version="1.0" encoding="UTF-16"?>')).toBe(true);
    expect(parseXml(h.files[0]?.xml ?? '').get('Task/Triggers/TimeTrigger/StartBoundary')).toBe(
      '2026-12-03T19:58:00',
    );
    // The same next recording again (the feed refreshes every minute): nothing to do.
    await h.wake.update({ title: 'News', startAt: START });
    expect(h.calls).toHaveLength(1);
    expect(h.lines).toEqual([]);
  });

  it('creates the task again when the next recording changes', async () => {
    const h = harness();
    await h.wake.update({ title: 'News', startAt: START });
    await h.wake.update({ title: 'Film', startAt: START + 3600_000 });
    expect(h.verbs()).toEqual(['/Create', '/Create']);
    expect(parseXml(h.files[1]?.xml ?? '').get('Task/Triggers/TimeTrigger/StartBoundary')).toBe(
      '2026-12-03T20:58:00',
    );
  });

  it('deletes the task when nothing is next, and once only', async () => {
    const h = harness();
    await h.wake.update({ title: 'News', startAt: START });
    await h.wake.update(null);
    await h.wake.update(null);
    expect(h.calls.map((c) => c.args)).toEqual([CREATE, DELETE]);
  });

  it('at start with nothing next, removes a task a crashed run may have left, quietly', async () => {
    const h = harness({
      fail: () => ({ code: 1, stderr: 'ERROR: The system cannot find the file specified.' }),
    });
    await h.wake.update(null);
    expect(h.calls.map((c) => c.args)).toEqual([DELETE]);
    expect(h.lines).toEqual([]);
  });

  it('sets no wake for a recording about to start (the computer is awake)', async () => {
    const h = harness();
    h.setClock(START - WAKE_LEAD_MS + 1000);
    await h.wake.update({ title: 'News', startAt: START });
    expect(h.verbs()).toEqual(['/Delete']);
  });

  it('follows the setting: off deletes the task, on creates it again', async () => {
    const h = harness();
    await h.wake.update({ title: 'News', startAt: START });
    await h.wake.setEnabled(false);
    await h.wake.update({ title: 'News', startAt: START });
    await h.wake.setEnabled(true);
    expect(h.verbs()).toEqual(['/Create', '/Delete', '/Create']);
  });

  it('with the setting off from the start, never creates a task', async () => {
    const h = harness({ enabled: false });
    await h.wake.update({ title: 'News', startAt: START });
    expect(h.verbs()).toEqual(['/Delete']);
    expect(h.files).toEqual([]);
  });

  it('updates that come together end in one task, for the latest', async () => {
    const h = harness();
    await Promise.all([
      h.wake.update({ title: 'A', startAt: START }),
      h.wake.update({ title: 'B', startAt: START + 60_000 }),
      h.wake.update({ title: 'C', startAt: START + 120_000 }),
    ]);
    expect(h.verbs()).toEqual(['/Create']);
    expect(parseXml(h.files.at(-1)?.xml ?? '').get('Task/RegistrationInfo/Description')).toContain('"C"');
  });

  it('a change while schtasks runs waits for it, then applies', async () => {
    let release = (): void => undefined;
    let inFlight = 0;
    let most = 0;
    const verbs: string[] = [];
    const wake = new WakeTimer({
      platform: 'win32',
      run: async (_cmd, args) => {
        verbs.push(args[0] ?? '');
        most = Math.max(most, ++inFlight);
        if (verbs.length === 1) await new Promise<void>((resolve) => (release = resolve));
        inFlight--;
        return { code: 0, stderr: '' };
      },
      writeTempFile: (name) => Promise.resolve(name),
      now: () => NOW,
      log: () => undefined,
      enabled: true,
    });
    const first = wake.update({ title: 'A', startAt: START });
    await waitFor(() => verbs.length === 1, { timeoutMs: 2000, what: 'the first schtasks' });
    const second = wake.update(null);
    release();
    await Promise.all([first, second]);
    expect(verbs).toEqual(['/Create', '/Delete']);
    expect(most).toBe(1);
  });

  it('deletes the task on quit and ignores updates after', async () => {
    const h = harness();
    await h.wake.update({ title: 'News', startAt: START });
    await h.wake.stop();
    await h.wake.update({ title: 'Film', startAt: START + 3600_000 });
    expect(h.calls.map((c) => c.args)).toEqual([CREATE, DELETE]);
  });

  it('logs a failing schtasks once (secrets redacted) and never throws', async () => {
    const h = harness({
      fail: (args) =>
        args[0] === '/Create'
          ? { code: 1, stderr: 'ERROR: Access is denied. http://u:hunter2@x/' }
          : new Error('spawn ENOENT'),
    });
    await expect(h.wake.update({ title: 'A', startAt: START })).resolves.toBeUndefined();
    await h.wake.update({ title: 'B', startAt: START + 60_000 });
    expect(h.lines).toHaveLength(1);
    expect(h.lines[0]).toMatch(
      /could not create the task "Tapedeck wake": schtasks exited with 1: ERROR: Access is denied/,
    );
    expect(h.lines[0]).not.toContain('hunter2');
    // A runner that rejects (schtasks missing) is caught the same way.
    await expect(h.wake.update(null)).resolves.toBeUndefined();
    expect(h.lines).toHaveLength(2);
    expect(h.lines[1]).toMatch(/could not delete the task "Tapedeck wake": spawn ENOENT/);
  });
});

describe('WakeTimer elsewhere', () => {
  it.each(['darwin', 'linux'])('on %s runs nothing and says root is needed', async (platform) => {
    const h = harness({ platform });
    expect(h.wake.support.supported).toBe(false);
    expect(h.wake.support.supported ? '' : h.wake.support.reason).toMatch(/root/);
    await h.wake.update({ title: 'News', startAt: START });
    await h.wake.stop();
    expect(h.calls).toEqual([]);
    expect(h.files).toEqual([]);
  });

  it('the setting is on by default', () => {
    expect(SETTING_DEFAULTS.wakeForRecordings).toBe(true);
    expect(SettingsSchema.parse({}).wakeForRecordings).toBe(true);
  });
});
