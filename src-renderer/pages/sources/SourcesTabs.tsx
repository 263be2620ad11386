// The two views of the Sources screen as tabs that are addresses (/sources, /sources/channels).
import { NavLink } from 'react-router';

export function SourcesTabs() {
  return (
    <nav className="tabs page-tabs" aria-label="Sources views">
      <NavLink to="/sources" end>
        Sources &amp; guides
      </NavLink>
      <NavLink to="/sources/channels">Channels</NavLink>
    </nav>
  );
}
