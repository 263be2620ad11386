// How to reach this Tapedeck from a browser: the address (its port), and what the access token is.
// The core offers no token reset yet (it is kept in the data folder); the screen says how to do it.
import { Copy } from 'lucide-react';
import { useConnection } from '../../state/connection';
import { useStatus } from '../../state/status';
import { toast } from '../../ui/toast';

export function AccessSection() {
  const media = useConnection((s) => s.mediaOrigin);
  const dataDir = useStatus((s) => s.status?.dataDir ?? null);
  // The media origin is the same loopback server (and port) the browser UI is served from.
  const address = media ? new URL(media.url('/')).origin : null;
  const port = address ? new URL(address).port : null;
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
            Tapedeck listens on this computer only{port ? `, on port ${port}` : ''}. The address with its
            access token is printed by <span className="mono">tapedeck serve</span> when it starts.
          </p>
        </div>
        <div className="setting-control">
          <div className="access-address">
            <span className="mono truncate">{address ?? '…'}</span>
            <button
              type="button"
              className="btn small"
              onClick={copy}
              disabled={!address}
              aria-label="Copy the address"
            >
              <Copy size={14} aria-hidden="true" /> Copy
            </button>
          </div>
        </div>
      </div>
      <div className="setting-row">
        <div className="setting-text">
          <span className="setting-label">Access token</span>
          <p className="small muted">
            Anyone with the token can use Tapedeck. To change it, stop Tapedeck, delete the file{' '}
            <span className="mono">server-token</span> in its data folder
            {dataDir ? (
              <>
                {' '}
                (<span className="mono">{dataDir}</span>)
              </>
            ) : null}
            , and start it again.
          </p>
        </div>
        <div className="setting-control">
          <span className="small muted">Resetting from here is not available yet.</span>
        </div>
      </div>
    </section>
  );
}
