// Light, dark, or the system's: the choice is kept in this browser (localStorage) so the first paint
// already has it, and applied as [data-theme] on <html> (tokens.css).
import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'tapedeck-theme';

const media = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function apply(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && media?.matches === true);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

function stored(): ThemeChoice {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

interface ThemeState {
  choice: ThemeChoice;
  set(choice: ThemeChoice): void;
}

export const useTheme = create<ThemeState>((set) => ({
  choice: 'system',
  set(choice) {
    localStorage.setItem(KEY, choice);
    apply(choice);
    set({ choice });
  },
}));

export function initTheme(): void {
  const choice = stored();
  useTheme.setState({ choice });
  apply(choice);
  media?.addEventListener('change', () => apply(useTheme.getState().choice));
}
