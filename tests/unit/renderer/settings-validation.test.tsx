// @vitest-environment jsdom
// The Settings screen's checks (src-renderer/pages/settings/settings-form.ts): values in the units people
// think in, errors in words, and only what changed is saved.
import { describe, expect, it } from 'vitest';
import {
  changes,
  checkSettings,
  editableOf,
  formOf,
  type CoreSettings,
} from '../../../src-renderer/pages/settings/settings-form';
import { commandArgs } from '../../../src-renderer/pages/settings/settings-form-more';
import { exampleName } from '../../../src-renderer/pages/settings/naming-example';
import { SETTING_DEFAULTS, type Settings } from '../../../src-shared/settings';
import { LIBRARY_DEFAULTS } from '../../../src-shared/settings-library';

const defaults = structuredClone(SETTING_DEFAULTS) as Settings;
const saved: CoreSettings = editableOf(defaults);

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

  it('shows the library, retention, after-recording and webhook settings as fields', () => {
    const form = formOf({
      ...saved,
      keepFreeGiB: 50,
      postProcessCommand: ['/usr/local/bin/after-rec', '{path}', '--title={title}'],
      postProcessTimeoutSec: 90,
      comskipTimeoutMin: 30,
      defaultProfileId: 3,
      webhookUrl: 'https://hooks.example/abc',
    });
    expect(form).toMatchObject({
      namingSeries: LIBRARY_DEFAULTS.naming.series,
      namingMovie: LIBRARY_DEFAULTS.naming.movie,
      sidecars: { nfo: true, image: true, strm: false, healthJson: false },
      strmBaseUrl: '',
      keepFreeGiB: '50',
      postProcessCommand: '/usr/local/bin/after-rec\n{path}\n--title={title}',
      postProcessTimeout: '90s',
      comskipTimeoutMin: '30',
      defaultProfileId: '3',
      webhookUrl: 'https://hooks.example/abc',
    });
    expect(formOf(saved)).toMatchObject({
      keepFreeGiB: '',
      postProcessCommand: '',
      postProcessTimeout: '10',
    });
  });

  it('turns the command’s lines into arguments, never a shell string', () => {
    expect(commandArgs('/bin/notify\r\n\n{path}\n  --title={title} now\n\n')).toEqual([
      '/bin/notify',
      '{path}',
      '  --title={title} now',
    ]);
    const checked = checkSettings({
      ...formOf(saved),
      postProcessCommand: '/bin/notify\n$(rm -rf ~)',
      postProcessTimeout: '1h30m',
      keepFreeGiB: '20',
      strmBaseUrl: 'http://nas.local:8765/',
      sidecars: { ...saved.library.sidecars, strm: true },
    });
    expect(checked).toMatchObject({
      ok: true,
      settings: {
        postProcessCommand: ['/bin/notify', '$(rm -rf ~)'],
        postProcessTimeoutSec: 5400,
        keepFreeGiB: 20,
        library: { strmBaseUrl: 'http://nas.local:8765', sidecars: { strm: true } },
      },
    });
    // An empty command is no command.
    expect(checkSettings({ ...formOf(saved), postProcessCommand: '\n \n' })).toMatchObject({
      ok: true,
      settings: { postProcessCommand: null },
    });
  });

  it('refuses what the core would, in words, per new field', () => {
    const bad = checkSettings({
      ...formOf(saved),
      namingSeries: '/abs/{show}',
      namingEpisode: '{show}/{nope}',
      namingMovie: 'Movies/',
      sidecars: { ...saved.library.sidecars, strm: true },
      keepFreeGiB: '0',
      comskipTimeoutMin: '',
      comskipPath: 'comskip',
      postProcessTimeout: 'soon',
      webhookUrl: 'ftp://x',
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors).toEqual({
      namingSeries: 'The template must be a path inside the recordings folder, not an absolute one',
      namingEpisode: expect.stringMatching(/^Unknown field \{nope\}; the fields are \{show\}/),
      namingMovie: 'The template ends with a /: the last part is the file name',
      strmBaseUrl: 'Give the address other machines reach Tapedeck at, or switch .strm files off',
      keepFreeGiB: 'Give whole GiB from 1, or leave it empty for no target',
      comskipTimeoutMin: 'Give whole minutes from 1 to 1440',
      comskipPath: 'Give a full path, or leave it empty for comskip on PATH',
      postProcessTimeout: 'Give minutes (10) or a duration such as 90s or 1h30m',
      webhookUrl: 'Give an http:// or https:// URL for the webhook',
    });
    const strm = checkSettings({ ...formOf(saved), strmBaseUrl: 'http://u:p@nas/?a=1' });
    expect(strm).toMatchObject({
      ok: false,
      errors: { strmBaseUrl: expect.stringMatching(/^Give an http\(s\) address/) },
    });
    const args = checkSettings({ ...formOf(saved), postProcessCommand: Array(101).fill('x').join('\n') });
    expect(args).toMatchObject({ ok: false, errors: { postProcessCommand: 'At most 100 arguments' } });
  });

  it('saves the library whole when one of its fields changes, and only what changed', () => {
    const form = {
      ...formOf(saved),
      namingMovie: 'Films/{title}',
      sidecars: { ...saved.library.sidecars, nfo: false },
    };
    const checked = checkSettings(form);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(changes(saved, form, checked.settings)).toEqual({
      library: {
        naming: { ...LIBRARY_DEFAULTS.naming, movie: 'Films/{title}' },
        sidecars: { ...LIBRARY_DEFAULTS.sidecars, nfo: false },
        strmBaseUrl: null,
      },
    });
    const hook = {
      ...formOf(saved),
      webhookUrl: ' https://h.example/x ',
      openAtLogin: true,
      defaultProfileId: '2',
    };
    const hooked = checkSettings(hook);
    if (!hooked.ok) throw new Error(JSON.stringify(hooked.errors));
    expect(changes(saved, hook, hooked.settings)).toEqual({
      webhookUrl: 'https://h.example/x',
      openAtLogin: true,
      defaultProfileId: 2,
    });
  });

  it('renders a live example with the shared template code', () => {
    expect(exampleName('series', LIBRARY_DEFAULTS.naming.series, 'ts')).toBe(
      'Doctor Who/Season 01/Doctor Who - S01E02 - The Star Beast.ts',
    );
    expect(exampleName('movie', LIBRARY_DEFAULTS.naming.movie, 'mkv')).toBe(
      'Movies/Heat (1995)/Heat (1995).mkv',
    );
    expect(exampleName('episode', '{show}/{date}[ - {season}]', 'ts')).toBe('News/2026-11-26.ts');
    expect(exampleName('series', '{nope}', 'ts')).toBeNull();
  });
});
