// S3 upload, read-only: whether finished recordings are uploaded, where, and whether the secret key is
// stored. The bucket is a setting only the desktop app and the CLI may change, and the secret is read by
// the CLI from standard input (so it never sits in a shell's history or a page), so this says how.
import { CloudOff, CloudUpload } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { StorageView } from '../../../src-shared/contract-library-process';
import { errorText } from '../../ui/toast';
import { loadStorage } from './settings-api';

type State =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; view: StorageView };

export function StorageSummary() {
  const [state, setState] = useState<State>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    loadStorage()
      .then((view) => live && setState({ state: 'ready', view }))
      .catch((e: unknown) => live && setState({ state: 'error', message: errorText(e) }));
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="setting-row">
      <div className="setting-text">
        <span className="setting-label">Upload to S3</span>
        <p className="small muted">
          Set with <span className="mono">tapedeck settings set s3 '{'{…}'}'</span>, and the secret key with{' '}
          <span className="mono">tapedeck storage s3-secret &lt; key.txt</span> (read from standard input,
          never shown); <span className="mono">tapedeck storage test-s3</span> checks them.
        </p>
      </div>
      <div className="setting-control small" role="status" aria-busy={state.state === 'loading'}>
        {state.state === 'loading' && <span className="muted">Reading…</span>}
        {state.state === 'error' && (
          <span className="danger-text">Could not read the storage settings: {state.message}</span>
        )}
        {state.state === 'ready' && <S3Text view={state.view} />}
      </div>
    </div>
  );
}

function S3Text({ view }: { view: StorageView }) {
  const c = view.s3.config;
  if (!c)
    return (
      <span className="muted">
        <CloudOff size={14} aria-hidden="true" /> Off: recordings stay on this computer.
      </span>
    );
  return (
    <span>
      <CloudUpload size={14} aria-hidden="true" /> On: to{' '}
      <span className="mono">
        {c.bucket}/{c.prefix}
      </span>{' '}
      ({c.endpoint ?? `AWS ${c.region}`}), {c.keepLocal ? 'keeping' : 'then removing'} the local file.{' '}
      {view.s3.secretSet ? (
        'The secret key is stored.'
      ) : (
        <span className="danger-text">No secret key is stored: uploads fail until one is.</span>
      )}
    </span>
  );
}
