// "Test": which ffmpeg the path (or the automatic search) finds, and its version, said beside the field.
import { CheckCircle2, FlaskConical, XCircle } from 'lucide-react';
import { useState } from 'react';
import { errorText } from '../../ui/toast';
import { testFfmpeg, type FfmpegFound } from './settings-api';

type Result =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'ok'; found: FfmpegFound }
  | { state: 'failed'; message: string };

export function FfmpegTest({ path }: { path: string }) {
  const [result, setResult] = useState<Result>({ state: 'idle' });
  const run = () => {
    setResult({ state: 'busy' });
    testFfmpeg(path.trim() || null)
      .then((found) => setResult({ state: 'ok', found }))
      .catch((e: unknown) => setResult({ state: 'failed', message: errorText(e) }));
  };
  return (
    <div className="ffmpeg-test">
      <button
        type="button"
        className="btn"
        onClick={run}
        disabled={result.state === 'busy'}
        aria-busy={result.state === 'busy'}
      >
        {result.state === 'busy' ? (
          <span className="spinner" aria-hidden="true" />
        ) : (
          <FlaskConical size={16} aria-hidden="true" />
        )}
        Test
      </button>
      <span className="ffmpeg-result small" role="status">
        {result.state === 'ok' && (
          <span className="success-text">
            <CheckCircle2 size={14} aria-hidden="true" />{' '}
            {result.found.version ? `ffmpeg ${result.found.version}` : 'ffmpeg (version unknown)'} at{' '}
            <span className="mono">{result.found.path}</span>
          </span>
        )}
        {result.state === 'failed' && (
          <span className="danger-text">
            <XCircle size={14} aria-hidden="true" /> {result.message}
          </span>
        )}
      </span>
    </div>
  );
}
