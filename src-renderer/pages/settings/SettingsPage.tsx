// Settings (/settings): where recordings go and in which format, default padding, the disk reserve,
// ffmpeg (with a Test), which notifications to get, how to reach this Tapedeck from a browser, and the
// theme (applied at once). Changes are saved together; a bar at the bottom says whether they are.
import { Monitor, Moon, Sun } from 'lucide-react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTheme, type ThemeChoice } from '../../app/theme';
import { CONTAINERS, type Container } from '../../../src-shared/domain';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../src-shared/contract-system';
import { errorText, toast } from '../../ui/toast';
import { formatTime } from '../../ui/format';
import { Switch } from '../sources/common/Switch';
import { AccessSection } from './AccessSection';
import { FfmpegTest } from './FfmpegTest';
import { canEditSettings, loadSettings, saveSettings, type LoadedSettings } from './settings-api';
import { changes, checkSettings, formOf, type SettingsForm } from './settings-form';
import { SettingRow } from './SettingRow';
import '../sources/common/common.css';
import './settings.css';

const CONTAINER_LABEL: Record<Container, string> = {
  ts: 'MPEG-TS (.ts): survives a crash mid-recording',
  mkv: 'Matroska (.mkv)',
  mp4: 'MP4 (.mp4): plays on every device',
};

export const NOTIFICATION_TEXT: Record<NotificationKind, [string, string]> = {
  started: ['A recording starts', 'When its first bytes arrive.'],
  completed: ['A recording finishes', 'With how complete it is.'],
  failed: ['A recording fails', 'With why, and what to do.'],
  conflict: ['A conflict is coming', 'A day and an hour ahead, while it can be fixed.'],
  'low-disk': ['The disk runs low', 'Before recordings stop for lack of room.'],
  'source-problem': ['A source has a problem', 'It cannot refresh, or its account expires soon.'],
};

type Load =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; loaded: LoadedSettings };

export function SettingsPage() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    loadSettings()
      .then((loaded) => live && setLoad({ state: 'ready', loaded }))
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
        <SettingsEditor loaded={load.loaded} />
      ) : (
        <div className="settings-sections" aria-busy={load.state === 'loading'}>
          <div className="card skeleton settings-skeleton" />
          <div className="card skeleton settings-skeleton" />
        </div>
      )}
    </div>
  );
}

/** The theme: applied at once (app/theme.ts) and kept by the core too, when it can. */
function AppearanceSection() {
  const choice = useTheme((s) => s.choice);
  const setTheme = useTheme((s) => s.set);
  const pick = (theme: ThemeChoice) => {
    setTheme(theme);
    if (canEditSettings()) {
      saveSettings({ theme }).catch((e: unknown) =>
        toast.error(`The theme is used here but not saved: ${errorText(e)}`),
      );
    }
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
        {({ labelId }) => (
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

function SettingsEditor({ loaded }: { loaded: LoadedSettings }) {
  const [saved, setSaved] = useState(loaded.settings);
  const [form, setForm] = useState<SettingsForm>(() => formOf(loaded.settings));
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const editable = loaded.editable;
  const checked = useMemo(() => checkSettings(form), [form]);
  const patch = checked.ok ? changes(saved, form, checked.settings) : null;
  const dirty = JSON.stringify(form) !== JSON.stringify(formOf(saved));
  // Errors show once a field is left in a bad state and Save was tried, or at once for a bad value
  // typed into a field that had a good one (so the user is not told off for an empty form).
  const errors = !checked.ok && (showErrors || dirty) ? checked.errors : {};

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
      const next = await saveSettings(patch);
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
      {!editable && (
        <p className="settings-note" role="note">
          This Tapedeck core cannot change its settings from here yet: they are shown as they are. Use{' '}
          <span className="mono">tapedeck</span> on the command line meanwhile.
        </p>
      )}
      <fieldset className="settings-fieldset" disabled={!editable}>
        <section className="card settings-section" aria-labelledby="recording-title">
          <header>
            <h2 id="recording-title">Recording</h2>
          </header>
          <SettingRow
            label="Recordings folder"
            description="Where finished recordings go. Empty: the folder Tapedeck chose."
            error={errors.recordingsDir}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                spellCheck={false}
                value={form.recordingsDir}
                placeholder="Tapedeck’s own folder"
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
        </section>

        <section className="card settings-section" aria-labelledby="ffmpeg-title">
          <header>
            <h2 id="ffmpeg-title">ffmpeg</h2>
          </header>
          <SettingRow
            label="ffmpeg program"
            description="What records the streams. Empty: the one that comes with Tapedeck, else the system’s."
            error={errors.ffmpegPath}
          >
            {(control) => (
              <div className="stack ffmpeg-field">
                <input
                  {...control}
                  type="text"
                  spellCheck={false}
                  value={form.ffmpegPath}
                  placeholder="Found automatically"
                  onChange={(e) => set('ffmpegPath', e.target.value)}
                />
                <FfmpegTest path={form.ffmpegPath} />
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
            {NOTIFICATION_KINDS.map((kind) => (
              <li key={kind} className="notification-row">
                <div className="setting-text">
                  <span className="setting-label">{NOTIFICATION_TEXT[kind][0]}</span>
                  <span className="small muted">{NOTIFICATION_TEXT[kind][1]}</span>
                </div>
                <Switch
                  checked={form.notifications[kind]}
                  onChange={(on) => set('notifications', { ...form.notifications, [kind]: on })}
                  label={`Notify when ${NOTIFICATION_TEXT[kind][0].toLowerCase()}`}
                  disabled={!editable}
                />
              </li>
            ))}
          </ul>
        </section>
      </fieldset>

      <AccessSection />

      {editable && (
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
      )}
    </form>
  );
}
