// The frame every screen lives in: a skip link, the navigation (a sidebar on wide screens, a bar at the
// bottom on phones), the status strip, the page, toasts and the keyboard-shortcut overlay.
import { CalendarClock, Clapperboard, Home, ListVideo, Radio, Settings } from 'lucide-react';
import { useEffect } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Toasts } from '../ui/toast';
import { ShortcutHelp, useShortcuts } from './shortcuts';
import { StatusStrip } from './StatusStrip';
import './shell.css';

export const NAV = [
  { to: '/', label: 'Home', icon: Home, key: 'h' },
  { to: '/guide', label: 'Guide', icon: ListVideo, key: 'g' },
  { to: '/recordings', label: 'Recordings', icon: Clapperboard, key: 'r' },
  { to: '/rules', label: 'Rules', icon: CalendarClock, key: 'u' },
  { to: '/sources', label: 'Sources', icon: Radio, key: 's' },
  { to: '/settings', label: 'Settings', icon: Settings, key: ',' },
] as const;

export function Shell() {
  const location = useLocation();
  const navigate = useNavigate();
  useShortcuts();
  // The desktop opens a route when a notification or a tapedeck:// link is clicked.
  useEffect(() => window.tapedeck?.onNavigate?.((to) => void navigate(to)), [navigate]);
  // The player takes the whole window: no navigation around it.
  const bare = location.pathname.startsWith('/play/');
  return (
    <div className={bare ? 'shell bare' : 'shell'}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {!bare && (
        <nav className="sidebar" aria-label="Main">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Tapedeck
          </div>
          <ul>
            {NAV.map(({ to, label, icon: Icon }) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'}>
                  <Icon size={18} aria-hidden="true" />
                  <span>{label}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="frame">
        {!bare && <StatusStrip />}
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <Toasts />
      <ShortcutHelp />
    </div>
  );
}
