// Which notifications to get: one switch per kind the core raises (settings.notifications).
import { NOTIFICATION_SWITCHES, type NotificationSwitch } from '../../../src-shared/settings';
import { Switch } from '../sources/common/Switch';
import type { SectionProps } from './RecordingSections';

export const NOTIFICATION_TEXT: Record<NotificationSwitch, [string, string]> = {
  started: ['A recording starts', 'When its first bytes arrive.'],
  completed: ['A recording finishes', 'With how complete it is.'],
  failed: ['A recording fails', 'With why, and what to do.'],
  conflicts: ['A conflict is coming', 'A day and an hour ahead, while it can be fixed.'],
  lowDisk: ['The disk runs low', 'Before recordings stop for lack of room.'],
  sourceProblems: ['A source has a problem', 'It cannot refresh, or its account expires soon.'],
};

export function NotificationsSection({ form, set }: Pick<SectionProps, 'form' | 'set'>) {
  return (
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
  );
}
