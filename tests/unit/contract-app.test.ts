// The contract pieces the app's screens use: settings (get, update, reset, testFfmpeg), channels on and
// off, guide search and other airings. Validation only; the behaviour is in tests/integration.
import { describe, expect, it } from 'vitest';
import { parseInput, type CommandName } from '../../src-shared/contract';
import { SETTING_DEFAULTS, SettingsSchema, SETTING_KEYS, SETTING_LIMITS } from '../../src-shared/settings';

const err = (name: CommandName, input: unknown): string | null => {
  try {
    parseInput(name, input);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};
const DAY = 24 * 3600_000;

describe('settings schema', () => {
  it('fills every default, the new ones included', () => {
    const defaults = SettingsSchema.parse({});
    expect(defaults).toEqual(SETTING_DEFAULTS);
    expect(defaults).toMatchObject({
      theme: 'system',
      keepDays: null,
      notifications: {
        started: true,
        completed: true,
        failed: true,
        conflicts: true,
        lowDisk: true,
        sourceProblems: true,
      },
    });
    expect(SETTING_KEYS).toEqual(Object.keys(SETTING_DEFAULTS));
  });

  it('every setting that may be null defaults to null (the store keeps a null as "no row")', () => {
    for (const key of SETTING_KEYS) {
      if (SettingsSchema.shape[key].safeParse(null).success) expect(SETTING_DEFAULTS[key], key).toBeNull();
    }
  });

  it('a default object is a copy: changing one does not change the next', () => {
    const first = SettingsSchema.parse({});
    first.notifications.failed = false;
    expect(SettingsSchema.parse({}).notifications.failed).toBe(true);
  });
});

describe('settings.update', () => {
  it('takes a part of the settings and leaves the rest out (no defaults filled in)', () => {
    expect(parseInput('settings.update', { stallTimeoutSec: 20 })).toEqual({ stallTimeoutSec: 20 });
    expect(parseInput('settings.update', {})).toEqual({});
    expect(parseInput('settings.update', { notifications: { failed: false } })).toEqual({
      notifications: { failed: false },
    });
    expect(parseInput('settings.update', { recordingsDir: null, keepDays: 30, theme: 'dark' })).toEqual({
      recordingsDir: null,
      keepDays: 30,
      theme: 'dark',
    });
  });

  it.each([
    [{ colour: 'red' }, /colour/],
    [{ notifications: { beep: true } }, /beep/],
    [{ theme: 'purple' }, /theme/],
    [{ stallTimeoutSec: SETTING_LIMITS.stallTimeoutSec.max + 1 }, /stallTimeoutSec/],
    [{ stallTimeoutSec: 4.5 }, /stallTimeoutSec/],
    [{ keepDays: 0 }, /keepDays/],
    [{ keepDays: '30' }, /keepDays/],
    [{ diskReserveMiB: -1 }, /diskReserveMiB/],
    [{ timeZone: 'Mars/Olympus_Mons' }, /time zone/],
    [{ container: 'avi' }, /container/],
    [{ notifications: { failed: 'no' } }, /notifications\.failed/],
    [{ recordingsDir: '' }, /recordingsDir/],
  ])('refuses %j', (input, message) => {
    const error = err('settings.update', input);
    expect(error).toMatch(message);
    expect(error).toMatch(/^settings\.update: /);
  });

  it('settings.reset names settings that exist', () => {
    expect(parseInput('settings.reset', { keys: ['theme', 'recordingsDir'] })).toEqual({
      keys: ['theme', 'recordingsDir'],
    });
    expect(err('settings.reset', { keys: ['colour'] })).toMatch(/unknown setting "colour"; settings are/);
    expect(err('settings.reset', { keys: [] })).toMatch(/keys/);
  });

  it('settings.get and settings.testFfmpeg take nothing, or a path', () => {
    expect(parseInput('settings.get', undefined)).toEqual({});
    expect(parseInput('settings.testFfmpeg', undefined)).toEqual({});
    expect(parseInput('settings.testFfmpeg', { path: ' /opt/ffmpeg ' })).toEqual({ path: '/opt/ffmpeg' });
    expect(err('settings.testFfmpeg', { path: '' })).toMatch(/path/);
    expect(err('settings.get', { all: true })).toMatch(/all/);
  });
});

describe('channels on and off', () => {
  it('channels.update takes an id and enabled', () => {
    expect(parseInput('channels.update', { id: 3, enabled: false })).toEqual({ id: 3, enabled: false });
    expect(err('channels.update', { id: 3 })).toMatch(/enabled/);
    expect(err('channels.update', { id: 3, enabled: 'no' })).toMatch(/enabled/);
    expect(err('channels.update', { id: 3, enabled: true, name: 'x' })).toMatch(/name/);
  });

  it('channels.search filters by enabled only when asked; guide.query leaves out what is off', () => {
    expect(parseInput('channels.search', {}).enabled).toBeUndefined();
    expect(parseInput('channels.search', { enabled: false }).enabled).toBe(false);
    expect(parseInput('guide.query', { from: 0, to: 1 }).includeDisabled).toBe(false);
  });
});

describe('guide.search and guide.airings', () => {
  const base = { text: 'news', from: 0, to: DAY };

  it('defaults the limit and trims the text', () => {
    expect(parseInput('guide.search', { ...base, text: '  news ' })).toEqual({ ...base, limit: 50 });
  });

  it.each([
    [{ ...base, text: 'a' }, /at least 2 characters/],
    [{ ...base, text: ' a ' }, /at least 2 characters/],
    [{ ...base, text: 'x'.repeat(101) }, /longer than 100/],
    [{ ...base, to: 15 * DAY }, /at most 14 days/],
    [{ ...base, to: 0 }, /after the start/],
    [{ ...base, limit: 201 }, /limit/],
    [{ ...base, limit: 0 }, /limit/],
    [{ ...base, channelIds: [1] }, /channelIds/],
  ])('guide.search refuses %j', (input, message) => {
    expect(err('guide.search', input)).toMatch(message);
  });

  it('guide.airings takes a channel and a programme', () => {
    expect(parseInput('guide.airings', { channelId: 1, programmeId: 2 })).toEqual({
      channelId: 1,
      programmeId: 2,
    });
    expect(err('guide.airings', { channelId: 1 })).toMatch(/programmeId/);
  });
});
