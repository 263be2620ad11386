// @vitest-environment jsdom
// The Settings screen (src-renderer/pages/settings): errors in words beside the field, only what
// changed is saved, the theme applies at once and is saved too, paths are read-only in a browser.
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SETTING_DEFAULTS, type Settings, type SettingsView } from '../../../src-shared/settings';
import { connect, fakeClient } from './sources-fake-client';

// app/theme.ts asks for the system's colour scheme when it loads; jsdom has no matchMedia.
vi.hoisted(() => {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }) as unknown as MediaQueryList;
});

const { SettingsPage } = await import('../../../src-renderer/pages/settings/SettingsPage');
const { useTheme } = await import('../../../src-renderer/app/theme');

// Two shared cores: give the screens time to answer before a query gives up.
configure({ asyncUtilTimeout: 5000 });

afterEach(cleanup);

// jsdom has <dialog> but not its modal methods: enough of them for the app's Dialog.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
});

const settings: Settings = {
  ...SETTING_DEFAULTS,
  notifications: { ...SETTING_DEFAULTS.notifications },
};
const view: SettingsView = {
  settings,
  facts: {
    recordingsDir: '/data/recordings',
    importDir: '/data/imports',
    dataDir: '/data',
    secretsProtection: 'a file readable by its owner only',
    serverPort: 8765,
  },
};

describe('the settings screen', { timeout: 60_000 }, () => {
  it('checks what is typed, saves only the changes, and applies the theme at once', async () => {
    const user = userEvent.setup({ delay: null });
    const client = fakeClient({
      'settings.get': () => view,
      'settings.update': (patch) => ({ ...settings, ...(patch as Partial<Settings>) }),
      'settings.testFfmpeg': () => ({ path: '/usr/bin/ffmpeg', version: '6.1.1', ffprobe: null }),
    });
    connect(client);
    render(<SettingsPage />);

    const after = await screen.findByLabelText('End late by');
    expect((after as HTMLInputElement).value).toBe('3');
    // Nothing to save yet: no save bar.
    expect(screen.queryByRole('region', { name: 'Saving' })).toBeNull();
    // A browser may not name paths: the folder in use is shown, read-only, with how to change it.
    const folder = screen.getByLabelText('Recordings folder') as HTMLInputElement;
    expect(folder.readOnly).toBe(true);
    expect(folder.placeholder).toBe('/data/recordings');
    expect(screen.getByText(/tapedeck settings set recordingsDir PATH/)).toBeTruthy();
    expect(screen.getByText('http://127.0.0.1:8765')).toBeTruthy();

    await user.clear(after);
    await user.type(after, 'later');
    expect(await screen.findByText('Give minutes (2, -5) or a duration such as 90s')).toBeTruthy();
    expect(after.getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(client.inputsOf('settings.update')).toHaveLength(0);

    await user.clear(after);
    await user.type(after, '-1');
    await user.click(screen.getByRole('switch', { name: 'Notify when a recording starts' }));
    expect(screen.getByText('You have unsaved changes.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(client.inputsOf('settings.update')).toEqual([
        { padAfterSec: -60, notifications: { ...settings.notifications, started: false } },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Saving' })).toBeNull());

    await user.click(screen.getByLabelText(/Dark/));
    expect(useTheme.getState().choice).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    await waitFor(() => expect(client.inputsOf('settings.update')).toContainEqual({ theme: 'dark' }));

    await user.click(screen.getByRole('button', { name: 'Test' }));
    expect(await screen.findByText(/ffmpeg 6\.1\.1/)).toBeTruthy();
    expect(client.inputsOf('settings.testFfmpeg')).toEqual([{}]);
  });

  it('restores the defaults of the recording options only, after asking', async () => {
    const user = userEvent.setup({ delay: null });
    const changed: Settings = {
      ...settings,
      recordingsDir: '/tv',
      padAfterSec: 600,
      keepDays: 30,
      notifications: { ...settings.notifications, lowDisk: false },
    };
    const client = fakeClient({
      'settings.get': () => ({ ...view, settings: changed }),
      'settings.reset': () => ({ ...SETTING_DEFAULTS, recordingsDir: '/tv' }),
    });
    connect(client);
    render(<SettingsPage />);
    const after = (await screen.findByLabelText('End late by')) as HTMLInputElement;
    expect(after.value).toBe('10');
    await user.click(screen.getByRole('button', { name: 'Restore defaults…' }));
    // Nothing is reset until the user confirms.
    expect(client.inputsOf('settings.reset')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Restore defaults' }));
    await waitFor(() => expect(client.inputsOf('settings.reset')).toHaveLength(1));
    const keys = (client.inputsOf('settings.reset')[0] as { keys: string[] }).keys;
    expect(keys).toEqual(expect.arrayContaining(['padAfterSec', 'keepDays', 'notifications', 'container']));
    expect(keys).not.toContain('recordingsDir');
    expect(keys).not.toContain('ffmpegPath');
    await waitFor(() => expect(after.value).toBe('3'));
    expect((screen.getByLabelText('Delete recordings after') as HTMLInputElement).value).toBe('');
    expect(
      screen.getByRole('switch', { name: 'Notify when the disk runs low' }).getAttribute('aria-checked'),
    ).toBe('true');
    expect((screen.getByLabelText('Recordings folder') as HTMLInputElement).value).toBe('/tv');
  });
});
