// The theme: light, dark or the system's, applied at once (app/theme.ts) and saved in the settings.
import { Monitor, Moon, Sun } from 'lucide-react';
import { useTheme, type ThemeChoice } from '../../app/theme';
import { errorText, toast } from '../../ui/toast';
import { saveSettings } from './settings-api';
import { SettingRow } from './SettingRow';

export function AppearanceSection() {
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
