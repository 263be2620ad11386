// The bar under the picture: the seek bar on its own line, then play, ±10 s, the clock, jump to live
// (while recording), skipping breaks (when there are any), sound and full screen. Every button has a name
// and its key in its tooltip. Commercial breaks are marked on the seek bar.
import {
  FastForward,
  Maximize,
  Minimize,
  Pause,
  Play,
  Radio,
  RotateCcw,
  RotateCw,
  Volume2,
  VolumeX,
} from 'lucide-react';
import type { CSSProperties } from 'react';
import type { Break } from '../../../src-shared/contract-library-process';
import { formatClock } from '../../ui/format';
import { breakMarks } from './breaks';
import type { VideoState } from './useVideoState';

/** The breaks the seek bar marks, and the switch for skipping them. */
export interface BreakControls {
  breaks: Break[];
  enabled: boolean;
  setEnabled(on: boolean): void;
}

export interface PlayerActions {
  toggle(): void;
  seek(seconds: number): void;
  skip(delta: number): void;
  live(): void;
  mute(): void;
  volume(v: number): void;
  fullscreen(): void;
}

/** Within this many seconds of the live edge counts as watching live. */
const AT_LIVE = 8;

export function PlayerControls({
  state,
  recording,
  fullscreen,
  actions,
  breaks,
}: {
  state: VideoState;
  recording: boolean;
  fullscreen: boolean;
  actions: PlayerActions;
  breaks: BreakControls;
}) {
  const marks = breakMarks(breaks.breaks, state.end);
  const atLive = recording && state.end - state.current < AT_LIVE;
  const share = state.end > 0 ? (state.current / state.end) * 100 : 0;
  return (
    <div className="player-controls">
      <div className="player-seek-wrap">
        <input
          type="range"
          className="player-seek"
          aria-label="Position"
          min={0}
          max={Math.max(state.end, 0.1)}
          step="any"
          value={Math.min(state.current, state.end)}
          aria-valuetext={`${formatClock(state.current)} of ${formatClock(state.end)}`}
          disabled={!state.ready}
          style={{ '--seek': `${share}%` } as CSSProperties}
          onChange={(e) => actions.seek(Number(e.target.value))}
        />
        {marks.length > 0 && (
          <div className="player-break-marks" aria-hidden="true">
            {marks.map((m) => (
              <span
                key={m.startMs}
                className="player-break-mark"
                style={{ left: `${m.left}%`, width: `${m.width}%` }}
              />
            ))}
          </div>
        )}
      </div>
      <div className="player-row">
        <button
          type="button"
          className="player-btn primary"
          onClick={actions.toggle}
          aria-label={state.paused ? 'Play (space)' : 'Pause (space)'}
          title={state.paused ? 'Play (space)' : 'Pause (space)'}
        >
          {state.paused ? <Play size={22} aria-hidden="true" /> : <Pause size={22} aria-hidden="true" />}
        </button>
        <button
          type="button"
          className="player-btn"
          onClick={() => actions.skip(-10)}
          aria-label="Back 10 seconds (←)"
          title="Back 10 seconds (←)"
        >
          <RotateCcw size={20} aria-hidden="true" />
        </button>
        <button
          type="button"
          className="player-btn"
          onClick={() => actions.skip(10)}
          aria-label="Forward 10 seconds (→)"
          title="Forward 10 seconds (→)"
        >
          <RotateCw size={20} aria-hidden="true" />
        </button>
        <span className="player-clock tabular" aria-live="off">
          {formatClock(state.current)} <span className="player-clock-end">/ {formatClock(state.end)}</span>
        </span>
        <span className="spacer" />
        {breaks.breaks.length > 0 && (
          <button
            type="button"
            className={breaks.enabled ? 'player-live player-skip on' : 'player-live player-skip'}
            onClick={() => breaks.setEnabled(!breaks.enabled)}
            aria-pressed={breaks.enabled}
            aria-label="Skip breaks"
            title={`${breaks.breaks.length} commercial break${breaks.breaks.length > 1 ? 's' : ''} marked`}
          >
            <FastForward size={16} aria-hidden="true" />
            {/* A phone shows the icon alone (amber when on); the name and aria-pressed say it for all. */}
            <span className="hide-small">Skip breaks: {breaks.enabled ? 'on' : 'off'}</span>
          </button>
        )}
        {recording && (
          <button
            type="button"
            className={atLive ? 'player-live at-live' : 'player-live'}
            onClick={actions.live}
            disabled={atLive}
            aria-label={atLive ? 'Watching live' : 'Jump to live (l)'}
            title="Jump to live (l)"
          >
            <Radio size={16} aria-hidden="true" />
            {atLive ? 'Live' : 'Go live'}
          </button>
        )}
        <button
          type="button"
          className="player-btn"
          onClick={actions.mute}
          aria-label={state.muted ? 'Sound on (m)' : 'Sound off (m)'}
          title={state.muted ? 'Sound on (m)' : 'Sound off (m)'}
        >
          {state.muted || state.volume === 0 ? (
            <VolumeX size={20} aria-hidden="true" />
          ) : (
            <Volume2 size={20} aria-hidden="true" />
          )}
        </button>
        <input
          type="range"
          className="player-volume"
          aria-label="Volume"
          min={0}
          max={1}
          step={0.05}
          value={state.muted ? 0 : state.volume}
          onChange={(e) => actions.volume(Number(e.target.value))}
        />
        <button
          type="button"
          className="player-btn"
          onClick={actions.fullscreen}
          aria-label={fullscreen ? 'Leave full screen (f)' : 'Full screen (f)'}
          title={fullscreen ? 'Leave full screen (f)' : 'Full screen (f)'}
        >
          {fullscreen ? <Minimize size={20} aria-hidden="true" /> : <Maximize size={20} aria-hidden="true" />}
        </button>
      </div>
    </div>
  );
}
