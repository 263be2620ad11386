// The recordings, newest first, with live status, progress and the actions each status allows.
import type { Recording, RecordingProgress } from '../src-shared/domain';
import { formatDuration } from '../src-shared/time-input';
import { run, useStore } from './store';

function when(ms: number): string {
  return new Date(ms).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

function Progress({
  recording,
  progress,
}: {
  recording: Recording;
  progress: RecordingProgress | undefined;
}) {
  if (recording.status !== 'recording' || !progress) return null;
  const pct = Math.min(100, (100 * progress.seconds * 1000) / Math.max(1, recording.expectedMs));
  return (
    <div className="progress" data-testid="progress">
      <progress max={100} value={pct} />
      <span data-testid="progress-seconds">{progress.seconds.toFixed(0)} s</span> ·{' '}
      <span>{(progress.bytes / 1e6).toFixed(1)} MB</span>
      {progress.bitrateKbps !== null && <span> · {Math.round(progress.bitrateKbps)} kbit/s</span>}
      {progress.speed !== null && <span> · {progress.speed.toFixed(2)}×</span>}
    </div>
  );
}

function Health({ recording }: { recording: Recording }) {
  if (recording.status !== 'completed' || recording.capturedMs === null) return null;
  const pct = Math.round((100 * recording.capturedMs) / Math.max(1, recording.expectedMs));
  return (
    <div className={recording.gaps.length ? 'health gaps' : 'health'}>
      {recording.gaps.length ? `completed with ${recording.gaps.length} gap(s), ` : ''}
      {formatDuration(recording.capturedMs)} of {formatDuration(recording.expectedMs)} captured ({pct}%)
    </div>
  );
}

function Row({ recording }: { recording: Recording }) {
  const progress = useStore((s) => s.progress[recording.id]);
  const play = useStore((s) => s.play);
  const act = (name: 'recordings.stop' | 'recordings.cancel' | 'recordings.retry' | 'recordings.startNow') =>
    void run((client) => client.call(name, { id: recording.id }));
  const s = recording.status;
  return (
    <li className={`recording ${s}`} data-testid={`recording-${recording.id}`}>
      <div className="head">
        <strong>{recording.title}</strong>
        <span className={`status ${s}`} data-testid="status">
          {s}
        </span>
      </div>
      <div className="meta">
        {recording.channelName ?? recording.url} · {when(recording.startAt)} – {when(recording.endAt)}
      </div>
      {recording.error && <div className="row-error">{recording.error}</div>}
      <Progress recording={recording} progress={progress} />
      <Health recording={recording} />
      <div className="actions">
        {s === 'scheduled' && <button onClick={() => act('recordings.startNow')}>Start now</button>}
        {s === 'recording' && <button onClick={() => act('recordings.stop')}>Stop</button>}
        {(s === 'scheduled' || s === 'recording') && (
          <button onClick={() => act('recordings.cancel')}>Cancel</button>
        )}
        {s === 'failed' && <button onClick={() => act('recordings.retry')}>Retry</button>}
        {recording.outputPath && <button onClick={() => void play(recording.id)}>Play</button>}
        {s === 'recording' && recording.segments.length > 0 && (
          <button onClick={() => void play(recording.id)}>Watch</button>
        )}
        {s !== 'recording' && (
          <button
            className="danger"
            onClick={() => {
              if (window.confirm(`Delete “${recording.title}” and its file?`)) {
                void run((client) => client.call('recordings.delete', { id: recording.id, keepFile: false }));
              }
            }}
          >
            Delete
          </button>
        )}
      </div>
    </li>
  );
}

export function RecordingList() {
  const recordings = useStore((s) => s.recordings);
  const list = Object.values(recordings).sort((a, b) => b.startAt - a.startAt || b.id - a.id);
  if (list.length === 0) return <p className="empty">Nothing scheduled yet.</p>;
  return (
    <ul className="recording-list">
      {list.map((r) => (
        <Row key={r.id} recording={r} />
      ))}
    </ul>
  );
}
