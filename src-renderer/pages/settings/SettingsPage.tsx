// Settings (/settings): where recordings go and in which format, default padding, the disk reserve,
// ffmpeg (with a Test), which notifications to get, how to reach this Tapedeck from a browser, and the
// theme (applied at once). Changes are saved together; a bar at the bottom says whether they are.
import { Monitor, Moon, Sun } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTheme, type ThemeChoice } from '../../app/theme';
import { CONTAINERS, type Container } from '../../../src-shared/domain';
import {
  NOTIFICATION_SWITCHES,
  type NotificationSwitch,
  type SettingsView,
} from '../../../src-shared/settings';
import { onEvent } from '../../state/connection';
import { errorText, toast } from '../../ui/toast';
import { formatTime } from '../../ui/format';
import { ZoneSelect } from '../rules/form-parts';
import { Switch } from '../sources/common/Switch';
import { AccessSection } from './AccessSection';
import { FfmpegTest } from './FfmpegTest';
import { canSetPaths, loadSettings, saveSettings } from './settings-api';
import { changes, checkSettings, formOf, type CoreSettings, type SettingsForm } from './settings-form';
import { SettingRow } from './SettingRow';
import '../sources/common/common.css';
import './settings.css';

const CONTAINER_LABEL: Record<Container, string> = {
  ts: 'MPEG-TS (.ts): survives a crash mid-recording',
  mkv: 'Matroska (.mkv)',
  mp4: 'MP4 (.mp4): plays on every device',
};

export const NOTIFICATION_TEXT: Record<NotificationSwitch, [string, string]> = {
  started: ['A recording starts', 'When its first bytes arrive.'],
  completed: ['A recording finishes', 'With how complete it is.'],
  failed: ['A recording fails', 'With why, and what to do.'],
  conflicts: ['A conflict is coming', 'A day and an hour ahead, while it can be fixed.'],
  lowDisk: ['The disk runs low', 'Before recordings stop for lack of room.'],
  sourceProblems: ['A source has a problem', 'It cannot refresh, or its account expires soon.'],
};

type Load =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; view: SettingsView };

export function SettingsPage() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    loadSettings()
      .then((view) => live && setLoad({ state: 'ready', view }))
      .catch((e: unknown) => live && setLoad({ state: 'error', message: errorText(e) }));
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="settings-page">
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      {load.state === 'error' && (
        <p className="form-error" role="alert">
          Could not read the settings: {load.message}
        </p>
      )}
      <AppearanceSection />
      {load.state === 'ready' ? (
        <SettingsEditor view={load.view} />
      ) : (
        <div className="settings-sections" aria-busy={load.state === 'loading'}>
          <div className="card skeleton settings-skeleton" />
          <div className="card skeleton settings-skeleton" />
        </div>
      )}
    </div>
  );
}

/** The theme: applied at once (app/theme.ts) and saved in the settings. */
function AppearanceSection() {
  const choice = useTheme((s) => s.choice);
  const setTheme = useTheme((s) => s.set);
  const pick = (theme: ThemeChoice) => {
    setTheme(theme);
    // Kept by the core too, so other windows (and the desktop app) can follow it.
    saveSettings({ theme }).catch((e: unknown) =>
      toast.error(`The theme is used here but not saved: ${errorText(e)}`),
    );
  };
  const options: Array<[ThemeChoice, string, typeof Sun]> = [
    ['light', 'Light', Sun],
    ['dark', 'Dark', Moon],
    ['system', 'System', Monitor],
  ];
  return (
    <section className="card settings-section" aria-labelledby="appearance-title">
      <header>
        <h2 id="appearance-title">Appearance</h2>
      </header>
      <SettingRow label="Theme" description="Changes at once." labelFor={false}>
        {(_control, labelId) => (
          <fieldset className="segmented compact theme-choice" aria-labelledby={labelId}>
            {options.map(([value, label, Icon]) => (
              <label key={value} className={choice === value ? 'selected' : ''}>
                <input
                  type="radio"
                  name="theme"
                  value={value}
                  checked={choice === value}
                  onChange={() => pick(value)}
                />
                <span className="segmented-title">
                  <Icon size={16} aria-hidden="true" /> {label}
                </span>
              </label>
            ))}
          </fieldset>
        )}
      </SettingRow>
    </section>
  );
}

const here = Intl.DateTimeFormat().resolvedOptions().timeZone;

const editable = (s: CoreSettings): CoreSettings => ({
  recordingsDir: s.recordingsDir,
  container: s.container,
  padBeforeSec: s.padBeforeSec,
  padAfterSec: s.padAfterSec,
  diskReserveMiB: s.diskReserveMiB,
  ffmpegPath: s.ffmpegPath,
  notifications: s.notifications,
  timeZone: s.timeZone,
  keepDays: s.keepDays,
});

function SettingsEditor({ view }: { view: SettingsView }) {
  const [saved, setSaved] = useState<CoreSettings>(() => editable(view.settings));
  const [form, setForm] = useState<SettingsForm>(() => formOf(editable(view.settings)));
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const paths = canSetPaths();
  const checked = useMemo(() => checkSettings(form), [form]);
  const patch = checked.ok ? changes(saved, form, checked.settings) : null;
  const dirty = JSON.stringify(form) !== JSON.stringify(formOf(saved));
  const errors = !checked.ok && (showErrors || dirty) ? checked.errors : {};

  // Settings changed elsewhere (another window, the CLI): shown at once unless the user is editing.
  const dirtyRef = useRef(dirty);
  useEffect(() => {
    dirtyRef.current = dirty;
  }, [dirty]);
  useEffect(
    () =>
      onEvent('settings.changed', (next) => {
        setSaved(editable(next));
        if (!dirtyRef.current) setForm(formOf(editable(next)));
      }),
    [],
  );

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setSaveError(null);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    setShowErrors(true);
    if (!checked.ok || !patch || saving) return;
    if (Object.keys(patch).length === 0) return;
    setSaving(true);
    setSaveError(null);
    try {
      const next = editable(await saveSettings(patch));
      setSaved(next);
      setForm(formOf(next));
      setSavedAt(Date.now());
      toast.success('Settings saved');
    } catch (e) {
      setSaveError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="settings-sections" onSubmit={(e) => void save(e)} noValidate>
      <div className="settings-fieldset">
        <section className="card settings-section" aria-labelledby="recording-title">
          <header>
            <h2 id="recording-title">Recording</h2>
          </header>
          <SettingRow
            label="Recordings folder"
            description="Where finished recordings go. Empty: the folder in Tapedeck’s data folder."
            error={errors.recordingsDir}
            hint={paths ? undefined : <PathHint setting="recordingsDir" />}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                spellCheck={false}
                value={form.recordingsDir}
                placeholder={view.facts.recordingsDir}
                readOnly={!paths}
                onChange={(e) => set('recordingsDir', e.target.value)}
              />
            )}
          </SettingRow>
          <SettingRow
            label="File format"
            description="For new recordings; rules may choose their own."
            error={errors.container}
          >
            {(control) => (
              <select
                {...control}
                value={form.container}
                onChange={(e) => set('container', e.target.value as Container)}
              >
                {CONTAINERS.map((c) => (
                  <option key={c} value={c}>
                    {CONTAINER_LABEL[c]}
                  </option>
                ))}
              </select>
            )}
          </SettingRow>
          <SettingRow
            label="Start early by"
            description="Minutes before a programme starts (guides are often late or early). Negative starts late."
            error={errors.padBefore}
            hint="Minutes, or 90s"
          >
            {(control) => (
              <input
                {...control}
                className="narrow"
                type="text"
                inputMode="numeric"
                value={form.padBefore}
                onChange={(e) => set('padBefore', e.target.value)}
              />
            )}
          </SettingRow>
          <SettingRow
            label="End late by"
            description="Minutes after it ends (overruns). Negative ends early."
            error={errors.padAfter}
            hint="Minutes, or 90s"
          >
            {(control) => (
              <input
                {...control}
                className="narrow"
                type="text"
                inputMode="numeric"
                value={form.padAfter}
                onChange={(e) => set('padAfter', e.target.value)}
              />
            )}
          </SettingRow>
          <SettingRow
            label="Keep free on the disk"
            description="Recordings stop before the disk has less than this left."
            error={errors.diskReserveGb}
            hint="Gigabytes"
          >
            {(control) => (
              <input
                {...control}
                className="narrow"
                type="text"
                inputMode="decimal"
                value={form.diskReserveGb}
                onChange={(e) => set('diskReserveGb', e.target.value)}
              />
            )}
          </SettingRow>
          <SettingRow
            label="Delete recordings after"
            description="Finished recordings older than this may be removed to make room. Empty: kept until you delete them."
            error={errors.keepDays}
            hint="Days"
          >
            {(control) => (
              <input
                {...control}
                className="narrow"
                type="text"
                inputMode="numeric"
                placeholder="Never"
                value={form.keepDays}
                onChange={(e) => set('keepDays', e.target.value)}
              />
            )}
          </SettingRow>
          <SettingRow
            label="Time zone for rules"
            description="The days and times of new rules are in this zone unless a rule says otherwise."
            error={errors.timeZone}
          >
            {(control) => (
              <ZoneSelect
                control={control}
                value={form.timeZone}
                onChange={(tz) => set('timeZone', tz)}
                defaultLabel={`This computer’s (${here})`}
              />
            )}
          </SettingRow>
        </section>

        <section className="card settings-section" aria-labelledby="ffmpeg-title">
          <header>
            <h2 id="ffmpeg-title">ffmpeg</h2>
          </header>
          <SettingRow
            label="ffmpeg program"
            description="What records the streams. Empty: the one that comes with Tapedeck, else the system’s."
            error={errors.ffmpegPath}
            hint={paths ? undefined : <PathHint setting="ffmpegPath" />}
          >
            {(control) => (
              <div className="stack ffmpeg-field">
                <input
                  {...control}
                  type="text"
                  spellCheck={false}
                  value={form.ffmpegPath}
                  placeholder="Found automatically"
                  readOnly={!paths}
                  onChange={(e) => set('ffmpegPath', e.target.value)}
                />
                <FfmpegTest path={paths ? form.ffmpegPath : ''} />
              </div>
            )}
          </SettingRow>
        </section>

        <section className="card settings-section" aria-labelledby="notifications-title">
          <header>
            <h2 id="notifications-title">Notifications</h2>
            <span className="muted small">On the desktop; in the log and webhook when headless</span>
          </header>
          <ul className="list notification-list">
            {NOTIFICATION_SWITCHES.map((kind) => (
              <li key={kind} className="notification-row">
                <div className="setting-text">
                  <span className="setting-label">{NOTIFICATION_TEXT[kind][0]}</span>
                  <span className="small muted">{NOTIFICATION_TEXT[kind][1]}</span>
                </div>
                <Switch
                  checked={form.notifications[kind]}
                  onChange={(on) => set('notifications', { ...form.notifications, [kind]: on })}
                  label={`Notify when ${NOTIFICATION_TEXT[kind][0].toLowerCase()}`}
                />
              </li>
            ))}
          </ul>
        </section>
      </div>

      <AccessSection facts={view.facts} />

      <div className="save-bar" role="region" aria-label="Saving">
        <span className={`small ${saveError ? 'danger-text' : 'muted'}`} role="status">
          {saveError
            ? `Not saved: ${saveError}`
            : !checked.ok && dirty
              ? 'Some values need fixing before they can be saved.'
              : dirty
                ? 'You have unsaved changes.'
                : savedAt !== null
                  ? `All changes saved at ${formatTime(savedAt)}.`
                  : 'Everything is saved.'}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          disabled={!dirty || saving}
          onClick={() => setForm(formOf(saved))}
        >
          Discard
        </button>
        <button type="submit" className="btn primary" disabled={!dirty || saving} aria-busy={saving}>
          {saving && <span className="spinner on-accent" aria-hidden="true" />}
          Save changes
        </button>
      </div>
    </form>
  );
}

/** Why a path cannot be typed here: the core takes paths from the desktop app and the CLI only. */
function PathHint({ setting }: { setting: 'recordingsDir' | 'ffmpegPath' }) {
  return (
    <>
      Set from the desktop app, or with <span className="mono">tapedeck settings set {setting} PATH</span>.
    </>
  );
}
