// @vitest-environment jsdom
// The Settings screen's checks (src-renderer/pages/settings/settings-form.ts): values in the units people
// think in, errors in words, and only what changed is saved.
import { describe, expect, it } from 'vitest';
import {
  allNotifications,
  changes,
  checkSettings,
  formOf,
  type CoreSettings,
} from '../../../src-renderer/pages/settings/settings-form';

const saved: CoreSettings = {
  recordingsDir: null,
  container: 'ts',
  padBeforeSec: 60,
  padAfterSec: 180,
  diskReserveMiB: 2048,
  ffmpegPath: null,
  notifications: allNotifications(true),
  timeZone: null,
  keepDays: null,
};

describe('settings validation', () => {
  it('shows the core’s values in minutes and gigabytes', () => {
    expect(formOf(saved)).toMatchObject({
      padBefore: '1',
      padAfter: '3',
      diskReserveGb: '2.1',
      recordingsDir: '',
    });
    expect(formOf({ ...saved, padBeforeSec: -90 }).padBefore).toBe('-90s');
  });

  it('turns minutes, seconds and negative padding into seconds', () => {
    const ok = checkSettings({ ...formOf(saved), padBefore: '-2', padAfter: '90s', diskReserveGb: '0.5' });
    expect(ok).toMatchObject({
      ok: true,
      settings: { padBeforeSec: -120, padAfterSec: 90, diskReserveMiB: 477 },
    });
  });

  it('says what is wrong, in words, per field', () => {
    const bad = checkSettings({
      ...formOf(saved),
      padBefore: 'soon',
      padAfter: '7h',
      diskReserveGb: '-1',
      recordingsDir: 'TV',
      ffmpegPath: 'ffmpeg',
    });
    expect(bad).toEqual({
      ok: false,
      errors: {
        padBefore: 'Give minutes (2, -5) or a duration such as 90s',
        padAfter: 'At most 6 hours either way',
        diskReserveGb: 'Give gigabytes, such as 2 or 0.5 (0: no reserve)',
        recordingsDir: 'Give a full path, such as /home/me/TV or D:\\TV',
        ffmpegPath: 'Give the full path to ffmpeg, or leave it empty to find it',
      },
    });
    expect(checkSettings({ ...formOf(saved), padBefore: '' })).toMatchObject({
      ok: false,
      errors: { padBefore: 'Give minutes (0 for none)' },
    });
    expect(
      checkSettings({ ...formOf(saved), recordingsDir: 'C:\\TV', ffmpegPath: '/usr/bin/ffmpeg' }).ok,
    ).toBe(true);
  });

  it('saves only what the user changed (a rounded value shown is not rewritten)', () => {
    const form = {
      ...formOf(saved),
      padAfter: '5',
      notifications: { ...saved.notifications, started: false },
    };
    const checked = checkSettings(form);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(changes(saved, form, checked.settings)).toEqual({
      padAfterSec: 300,
      notifications: { ...saved.notifications, started: false },
    });
    const untouched = checkSettings(formOf(saved));
    if (!untouched.ok) throw new Error('the saved settings do not check');
    expect(changes(saved, formOf(saved), untouched.settings)).toEqual({});
  });
});
