// What happened after the recording: each post-processing step (transcode, commercial detection, the
// move off local scratch, the user's command, the upload) with its state, its error and a Retry for one
// that failed or was skipped; and the upload's state. See docs/postprocessing.md.
import { RotateCcw } from 'lucide-react';
import type { Job, JobState, JobStep, UploadState } from '../../../../src-shared/contract-library-process';
import { api } from '../../../state/connection';
import { AsyncButton } from '../../../ui/AsyncButton';
import { formatWhen } from '../../../ui/format';
import { useNow } from '../../../ui/useNow';
import { readableError } from '../logic/reasons';
import { useProcessing } from './useProcessing';

const STEP: Record<JobStep, string> = {
  transcode: 'Transcode',
  comskip: 'Commercial detection',
  move: 'Move to the recordings folder',
  hook: 'Post-processing command',
  upload: 'Upload',
};

const STATE: Record<JobState, { text: string; tone: string }> = {
  pending: { text: 'Waiting', tone: '' },
  running: { text: 'Running', tone: 'accent' },
  done: { text: 'Done', tone: 'success' },
  failed: { text: 'Failed', tone: 'danger' },
  skipped: { text: 'Skipped', tone: 'warning' },
};

const UPLOAD: Record<Exclude<UploadState, 'none'>, { text: string; tone: string }> = {
  pending: { text: 'Waiting to upload', tone: '' },
  uploading: { text: 'Uploading', tone: 'accent' },
  uploaded: { text: 'Uploaded', tone: 'success' },
  failed: { text: 'Upload failed', tone: 'danger' },
};

/** What a finished step produced, in a few words (the breaks found, the object's key...). */
function resultLine(job: Job): string | null {
  const result = job.result;
  if (!result || job.state !== 'done') return null;
  if (job.step === 'comskip') {
    if (result.cut === true) return 'Breaks cut out of the file';
    const n = Array.isArray(result.breaks) ? result.breaks.length : 0;
    return n === 0 ? 'No breaks found' : `${n} break${n > 1 ? 's' : ''} marked (skipped when playing)`;
  }
  if (job.step === 'upload' && typeof result.key === 'string') return result.key;
  return null;
}

function JobItem({ job, now, onRetried }: { job: Job; now: number; onRetried: () => void }) {
  const state = STATE[job.state];
  const result = resultLine(job);
  const when =
    job.finishedAt !== null
      ? formatWhen(job.finishedAt, now)
      : job.state === 'pending' && job.attempts > 0 && job.nextAt > now
        ? `tries again ${formatWhen(job.nextAt, now)}`
        : null;
  return (
    <li className="job-item" data-testid="job">
      <div className="row wrap job-head">
        <strong>{STEP[job.step]}</strong>
        <span className={`badge ${state.tone}`}>{state.text}</span>
        {job.attempts > 1 && <span className="muted small">{job.attempts} tries</span>}
        {when && <span className="muted small tabular">{when}</span>}
        <span className="spacer" />
        {(job.state === 'failed' || job.state === 'skipped') && (
          <AsyncButton
            className="btn small"
            onClick={() => api().call('jobs.retry', { id: job.id }).then(onRetried)}
            done={`${STEP[job.step]}: trying again`}
          >
            <RotateCcw size={14} aria-hidden="true" /> Retry
          </AsyncButton>
        )}
      </div>
      {job.error && <p className="small job-error">{readableError(job.error)}</p>}
      {result && <p className="small muted break">{result}</p>}
    </li>
  );
}

export function ProcessingCard({ id, enabled }: { id: number; enabled: boolean }) {
  const now = useNow();
  const p = useProcessing(id, enabled);
  if (!enabled) return null;
  const upload = p.upload && p.upload.state !== 'none' ? UPLOAD[p.upload.state] : null;
  return (
    <section className="card" aria-labelledby="pp-title">
      <header>
        <h2 id="pp-title">After recording</h2>
      </header>
      {p.error ? (
        <p className="form-error" role="alert">
          Could not read its post-processing: {p.error}{' '}
          <button type="button" className="btn small" onClick={p.reload}>
            Try again
          </button>
        </p>
      ) : p.jobs === null ? (
        <div className="skeleton-row" style={{ height: 48 }} aria-busy="true" aria-label="Loading" />
      ) : p.jobs.length === 0 ? (
        <p className="muted small">No post-processing ran on this recording.</p>
      ) : (
        <ol className="job-list" aria-label="Post-processing steps">
          {p.jobs.map((job) => (
            <JobItem key={job.id} job={job} now={now} onRetried={p.reload} />
          ))}
        </ol>
      )}
      {upload && (
        <p className="small upload-line" data-testid="upload-state">
          Remote copy: <span className={`badge ${upload.tone}`}>{upload.text}</span>
        </p>
      )}
    </section>
  );
}
