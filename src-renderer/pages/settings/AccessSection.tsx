// How to reach this Tapedeck from a browser: its port and address, where its data lives, how secrets
// are kept, and what the access token is. The core offers no token reset (the token is a file in the
// data folder), so the screen says how to do it by hand.
import { Copy } from 'lucide-react';
import type { SettingsView } from '../../../src-shared/settings';
import { toast } from '../../ui/toast';

export function AccessSection({ facts }: { facts: SettingsView['facts'] }) {
  const address = facts.serverPort !== null ? `http://127.0.0.1:${facts.serverPort}` : null;
  const copy = () => {
    if (!address) return;
    navigator.clipboard
      .writeText(address)
      .then(() => toast.success('Address copied'))
      .catch(() => toast.error('Copying is not allowed here; select the address instead'));
  };
  return (
    <section className="card settings-section" aria-labelledby="access-title">
      <header>
        <h2 id="access-title">Access from a browser</h2>
      </header>
      <div className="setting-row">
        <div className="setting-text">
          <span className="setting-label">Address</span>
          <p className="small muted">
            {address
              ? `Tapedeck listens on this computer only, on port ${facts.serverPort}. Open the address with its token, as tapedeck serve prints it when it starts.`
              : 'This Tapedeck runs no server for browsers.'}
          </p>
        </div>
        <div className="setting-control">
          {address && (
            <div className="access-address">
              <span className="mono truncate">{address}</span>
              <button type="button" className="btn small" onClick={copy} aria-label="Copy the address">
                <Copy size={14} aria-hidden="true" /> Copy
              </button>
            </div>
          )}
        </div>
      </div>
      <div className="setting-row">
        <div className="setting-text">
          <span className="setting-label">Access token</span>
          <p className="small muted">
            Anyone with the token can use Tapedeck. To change it, stop Tapedeck, delete the file{' '}
            <span className="mono">server-token</span> in the data folder and start it again: browsers must
            then open the new address.
          </p>
        </div>
        <div className="setting-control">
          <span className="small muted">Resetting it from here is not available.</span>
        </div>
      </div>
      <div className="setting-row">
        <div className="setting-text">
          <span className="setting-label">Data folder</span>
          <p className="small muted">The database, the access token and the passwords (see Security).</p>
        </div>
        <div className="setting-control">
          <span className="mono small access-path">{facts.dataDir}</span>
        </div>
      </div>
    </section>
  );
}
