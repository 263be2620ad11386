// Settings (/settings): the theme (applied at once), where and how recordings are made, the ffmpeg
// (with a Test), the library's names and sidecars, retention and cleanup, what runs after a recording,
// which notifications to get, login start and webhook, how passwords are kept, how to reach this
// Tapedeck from a browser, and a way back to the defaults. Changes are saved together, from a bar that shows while there are any.
import { RotateCcw } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { SettingKey, Settings, SettingsView } from '../../../src-shared/settings';
import { onEvent } from '../../state/connection';
import { errorText, toast } from '../../ui/toast';
import { ConfirmDialog } from '../sources/common/ConfirmDialog';
import { AccessSection } from './AccessSection';
import { AfterRecordingSection } from './AfterRecordingSection';
import { AppearanceSection } from './AppearanceSection';
import { DesktopSection } from './DesktopSection';
import { LibrarySection } from './LibrarySection';
import { NotificationsSection } from './NotificationsSection';
import { RecordingSections } from './RecordingSections';
import { RetentionSection } from './RetentionSection';
import { SecuritySection } from './SecuritySection';
import { canSetPaths, loadSettings, resetSettings, saveSettings } from './settings-api';
import {
  changes,
  checkSettings,
  editableOf,
  formOf,
  type CoreSettings,
  type SettingsForm,
} from './settings-form';
import '../sources/common/common.css';
import './settings.css';

export { NOTIFICATION_TEXT } from './NotificationsSection';

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

const editable = editableOf;

/**
 * What "Restore defaults" puts back: the recording options and notifications. Folders and the ffmpeg
 * stay (they were chosen on purpose, and a browser could not set them again).
 */
export const RESET_KEYS: SettingKey[] = [
  'container',
  'padBeforeSec',
  'padAfterSec',
  'diskReserveMiB',
  'keepDays',
  'keepFreeGiB',
  'timeZone',
  'notifications',
];

function SettingsEditor({ view }: { view: SettingsView }) {
  const [saved, setSaved] = useState<CoreSettings>(() => editable(view.settings));
  const [form, setForm] = useState<SettingsForm>(() => formOf(editable(view.settings)));
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);
  const paths = canSetPaths();
  const checked = useMemo(() => checkSettings(form), [form]);
  const patch = checked.ok ? changes(saved, form, checked.settings) : null;
  const dirty = JSON.stringify(form) !== JSON.stringify(formOf(saved));
  // Errors show for a value typed wrong, or after Save was tried (not for an untouched form).
  const errors = !checked.ok && (showErrors || dirty) ? checked.errors : {};
  const shownSaved = formOf(saved);
  const retentionUnsaved =
    form.keepDays !== shownSaved.keepDays || form.keepFreeGiB !== shownSaved.keepFreeGiB;

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

  const took = (next: Settings) => {
    const s = editable(next);
    setSaved(s);
    setForm(formOf(s));
    setShowErrors(false);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    setShowErrors(true);
    if (!checked.ok || !patch || saving) return;
    if (Object.keys(patch).length === 0) return;
    setSaving(true);
    setSaveError(null);
    try {
      took(await saveSettings(patch));
      toast.success('Settings saved');
    } catch (e) {
      setSaveError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  const reset = async () => {
    took(await resetSettings(RESET_KEYS));
    setSaveError(null);
    toast.success('Defaults restored');
  };

  return (
    <form className="settings-sections" onSubmit={(e) => void save(e)} noValidate>
      <RecordingSections form={form} errors={errors} set={set} paths={paths} facts={view.facts} />
      <LibrarySection form={form} errors={errors} set={set} />
      <RetentionSection form={form} errors={errors} set={set} unsaved={retentionUnsaved} />
      <AfterRecordingSection form={form} errors={errors} set={set} paths={paths} />
      <NotificationsSection form={form} set={set} />
      <DesktopSection form={form} errors={errors} set={set} paths={paths} />
      <SecuritySection facts={view.facts} />
      <AccessSection facts={view.facts} />

      <section className="card settings-section" aria-labelledby="defaults-title">
        <div className="setting-row">
          <div className="setting-text">
            <h2 id="defaults-title" className="setting-label">
              Defaults
            </h2>
            <p className="small muted">
              Put the recording options and notifications back as Tapedeck comes. Folders and ffmpeg stay.
            </p>
          </div>
          <div className="setting-control">
            <button type="button" className="btn" onClick={() => setResetting(true)}>
              <RotateCcw size={16} aria-hidden="true" /> Restore defaults…
            </button>
          </div>
        </div>
      </section>
      <ConfirmDialog
        open={resetting}
        title="Restore the defaults?"
        confirmLabel="Restore defaults"
        onConfirm={reset}
        onClose={() => setResetting(false)}
      >
        File format, padding, disk reserve, how long recordings are kept and the free-space target, the rules’
        time zone and every notification go back to how Tapedeck comes
        {dirty ? ', and your unsaved changes are dropped' : ''}. Rules that set their own keep them.
      </ConfirmDialog>

      {/* Only while there is something to save (or a save failed): a calm page otherwise. */}
      {(dirty || saving || saveError) && (
        <div className="save-bar" role="region" aria-label="Saving">
          <span className={`small ${saveError ? 'danger-text' : 'muted'}`} role="status">
            {saveError
              ? `Not saved: ${saveError}`
              : !checked.ok
                ? 'Some values need fixing before they can be saved.'
                : 'You have unsaved changes.'}
          </span>
          <span className="spacer" />
          <button
            type="button"
            className="btn"
            disabled={!dirty || saving}
            onClick={() => {
              setForm(formOf(saved));
              setSaveError(null);
            }}
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
