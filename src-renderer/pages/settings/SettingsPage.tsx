// (Being rebuilt: settings.) The theme choice already works.
import { useTheme, type ThemeChoice } from '../../app/theme';

export function SettingsPage() {
  const choice = useTheme((s) => s.choice);
  const set = useTheme((s) => s.set);
  return (
    <>
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <div className="card field" style={{ maxWidth: 360 }}>
        <label htmlFor="theme">Theme</label>
        <select id="theme" value={choice} onChange={(e) => set(e.target.value as ThemeChoice)}>
          <option value="system">Like the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </div>
    </>
  );
}
