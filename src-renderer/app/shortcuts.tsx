// Keyboard shortcuts: "g" then a letter goes to a screen (g h Home, g g Guide, g r Recordings, g u Rules,
// g s Sources, g , Settings), "/" searches, "?" shows this list. Never while typing in a field.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { create } from 'zustand';
import { Dialog } from '../ui/Dialog';

interface HelpState {
  open: boolean;
  setOpen(open: boolean): void;
}

export const useHelp = create<HelpState>((set) => ({ open: false, setOpen: (open) => set({ open }) }));

const GO: Record<string, string> = {
  h: '/',
  g: '/guide',
  r: '/recordings',
  u: '/rules',
  s: '/sources',
  ',': '/settings',
};

export const SHORTCUTS: Array<{ keys: string[]; what: string }> = [
  { keys: ['g', 'h'], what: 'Home' },
  { keys: ['g', 'g'], what: 'Guide' },
  { keys: ['g', 'r'], what: 'Recordings' },
  { keys: ['g', 'u'], what: 'Rules' },
  { keys: ['g', 's'], what: 'Sources' },
  { keys: ['g', ','], what: 'Settings' },
  { keys: ['/'], what: 'Search (guide, recordings)' },
  { keys: ['?'], what: 'This list' },
  { keys: ['Esc'], what: 'Close a panel or dialog' },
  { keys: ['Space'], what: 'Player: play / pause' },
  { keys: ['←', '→'], what: 'Player: back / forward 10 s' },
  { keys: ['f'], what: 'Player: full screen' },
  { keys: ['l'], what: 'Player: jump to live while recording' },
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function useShortcuts(): void {
  const navigate = useNavigate();
  const [prefix, setPrefix] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (prefix) {
        setPrefix(false);
        const to = GO[e.key];
        if (to) {
          e.preventDefault();
          void navigate(to);
        }
        return;
      }
      if (e.key === 'g') setPrefix(true);
      else if (e.key === '?') {
        e.preventDefault();
        useHelp.getState().setOpen(true);
      } else if (e.key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-search]');
        if (search) {
          e.preventDefault();
          search.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, prefix]);
}

export function ShortcutHelp() {
  const open = useHelp((s) => s.open);
  const setOpen = useHelp((s) => s.setOpen);
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Keyboard shortcuts">
      <dl className="shortcut-list">
        {SHORTCUTS.map(({ keys, what }) => (
          <div key={what}>
            <dt>
              {keys.map((k, i) => (
                <kbd key={i}>{k}</kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
