// Start and notify: the desktop app's "open at login" (saved by the core, applied by the desktop app)
// and the webhook every notification is POSTed to, as JSON (desktop and headless alike).
import { Switch } from '../sources/common/Switch';
import type { SectionProps } from './RecordingSections';
import { SettingRow } from './SettingRow';

export function DesktopSection({ form, errors, set, paths }: Omit<SectionProps, 'facts'>) {
  return (
    <section className="card settings-section" aria-labelledby="desktop-title">
      <header>
        <h2 id="desktop-title">Starting and webhook</h2>
      </header>
      <div className="notification-row toggle-row">
        <div className="setting-text">
          <span className="setting-label">Open at login</span>
          <span className="small muted">
            The desktop app starts with your session, in the tray, so recordings happen without opening it.
            {!paths && ' It applies to the desktop app on this computer, not to tapedeck serve.'}
          </span>
        </div>
        <Switch checked={form.openAtLogin} onChange={(on) => set('openAtLogin', on)} label="Open at login" />
      </div>
      <div className="notification-row toggle-row">
        <div className="setting-text">
          <span className="setting-label">Wake the computer for recordings</span>
          <span className="small muted">
            On Windows the desktop app sets a wake timer two minutes before the next recording (&ldquo;Allow
            wake timers&rdquo; must be on in the power plan). macOS and Linux allow it only to the
            administrator: see the documentation for the one command to run.
          </span>
        </div>
        <Switch
          checked={form.wakeForRecordings}
          onChange={(on) => set('wakeForRecordings', on)}
          label="Wake the computer for recordings"
        />
      </div>
      <SettingRow
        label="Webhook"
        description="Each notification is also POSTed here as JSON (for Home Assistant, ntfy, a chat bot). Its path may hold a token: it is kept out of the logs. Empty: none."
        error={errors.webhookUrl}
      >
        {(control) => (
          <input
            {...control}
            type="url"
            spellCheck={false}
            placeholder="https://example.com/hook"
            value={form.webhookUrl}
            onChange={(e) => set('webhookUrl', e.target.value)}
          />
        )}
      </SettingRow>
    </section>
  );
}
