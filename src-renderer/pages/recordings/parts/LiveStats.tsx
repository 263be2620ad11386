// A recording in progress, as it happens: its capture state (connecting, capturing, or reconnecting with
// why and when it tries again), the window's progress, captured time, size and the bitrate line. Every
// line keeps its place whatever state it is in, so nothing jumps when the first bytes arrive.
import { AlertTriangle } from 'lucide-react';
import { windowOf, type Recording } from '../../../../src-shared/domain';
import type { Live } from '../../../state/recordings';
import { formatBytes, formatDuration, formatTime } from '../../../ui/format';
import { Sparkline } from '../../../ui/Sparkline';
import { useOutages } from '../data/outages';
import { readableError } from '../logic/reasons';

export type CaptureView =
  | { kind: 'connecting' }
  | { kind: 'capturing' }
  | {
      kind: 'reconnecting';
      reason: string | null;
      since: number | null;
      retryAt: number | null;
      attempts: number;
    };

/** The one state to show, from the live capture state and the outage it may be in. */
export function useCaptureView(recording: Recording, live: Live | undefined): CaptureView {
  const outage = useOutages((s) => s.byId[recording.id]);
  if (outage) return { kind: 'reconnecting', ...outage };
  const capture = live?.capture;
  if (capture?.state === 'reconnecting') {
    return {
      kind: 'reconnecting',
      reason: capture.reason,
      since: null,
      retryAt: capture.retryAt,
      attempts: 1,
    };
  }
  if (capture?.state === 'capturing' || live?.progress) return { kind: 'capturing' };
  return { kind: 'connecting' };
}

export function capturedMsOf(recording: Recording, live: Live | undefined): number {
  return live?.progress ? live.progress.seconds * 1000 : (recording.capturedMs ?? 0);
}

export function CaptureLine({ view, now }: { view: CaptureView; now: number }) {
  if (view.kind === 'reconnecting') {
    const wait = view.retryAt === null ? null : Math.ceil((view.retryAt - now) / 1000);
    const lost = view.since === null ? null : formatDuration(Math.max(0, now - view.since));
    return (
      <p
        className="capture-line reconnecting"
        role="status"
        data-state="reconnecting"
        title={view.reason ?? undefined}
      >
        <AlertTriangle size={15} aria-hidden="true" />
        <span className="truncate">
          <strong>Reconnecting</strong>
          {view.reason && <span className="capture-reason">: {readableError(view.reason)}</span>}
        </span>
        <span className="capture-retry tabular">
          {lost !== null && <span className="hide-small">lost for {lost} · </span>}
          {wait !== null && wait > 0 ? `retry in ${wait} s` : 'retrying…'}
        </span>
      </p>
    );
  }
  if (view.kind === 'connecting') {
    return (
      <p className="capture-line" role="status" data-state="connecting">
        <span className="spinner" aria-hidden="true" />
        <span>Connecting to the stream…</span>
      </p>
    );
  }
  return (
    <p className="capture-line capturing" role="status" data-state="capturing">
      <span className="dot live" aria-hidden="true" />
      <span>Capturing</span>
    </p>
  );
}

export function LiveStats({
  recording: r,
  live,
  now,
}: {
  recording: Recording;
  live: Live | undefined;
  now: number;
}) {
  const view = useCaptureView(r, live);
  const { start, end } = windowOf(r);
  const share = Math.min(1, Math.max(0, (now - start) / Math.max(1, end - start)));
  const captured = capturedMsOf(r, live);
  const bytes = live?.progress?.bytes ?? null;
  const kbps = live?.progress?.bitrateKbps ?? null;
  return (
    <div className="live-stats">
      <CaptureLine view={view} now={now} />
      <div
        className="progress recording"
        role="progressbar"
        aria-label="Recording window"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <span style={{ width: `${share * 100}%` }} />
      </div>
      <div className="live-times small muted tabular">
        <span>{formatTime(start)}</span>
        <span>{end > now ? `${formatDuration(end - now)} left` : 'finishing'}</span>
        <span>{formatTime(end)}</span>
      </div>
      <dl className="live-figures">
        <div>
          <dt>Captured</dt>
          <dd className="tabular" data-testid="captured" data-seconds={Math.floor(captured / 1000)}>
            {formatDuration(captured)}
          </dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd className="tabular">{bytes === null ? '–' : formatBytes(bytes)}</dd>
        </div>
        <div className="live-bitrate">
          <dt>Bitrate</dt>
          <dd className="tabular">
            <span>{kbps === null ? '–' : `${(kbps / 1000).toFixed(1)} Mbit/s`}</span>
            <Sparkline
              values={live?.bitrates ?? []}
              width={72}
              height={20}
              label="Bitrate over the last minute"
            />
          </dd>
        </div>
      </dl>
    </div>
  );
}
