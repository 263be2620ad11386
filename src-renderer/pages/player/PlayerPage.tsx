// The player (/play/:id), full window: a finished recording, or one in progress from its beginning with
// a jump to live. Keyboard: space play/pause, ←/→ 10 s, f full screen, m sound, l live, Esc back. It
// remembers where it was in each recording. Controls sit in their own bars above and below the
// picture, so none covers another.
import { ArrowLeft, Loader } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Recording } from '../../../src-shared/domain';
import { api } from '../../state/connection';
import { useRecordings, type Live } from '../../state/recordings';
import { formatClock, formatTime, formatWhen } from '../../ui/format';
import { readableError } from '../recordings/logic/reasons';
import { BreakNotice } from './BreakNotice';
import { PlayerControls } from './PlayerControls';
import { playableOf, resumeFrom, savedPosition, savePosition, type Playable } from './source';
import { useBreakSkipping } from './useBreaks';
import { usePlayback } from './usePlayback';
import { seekableEnd, useVideoState } from './useVideoState';
import { useMarkWatched } from './useWatched';
import './player.css';

export function PlayerPage() {
  const params = useParams();
  const id = Number(params.id);
  const recording = useRecordings((s) => s.byId[id]);
  const live = useRecordings((s) => s.live[id]);
  const loaded = useRecordings((s) => s.loaded);
  const navigate = useNavigate();
  const back = () => {
    // Back where the user came from; a player opened by a link goes to the recording's details.
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) void navigate(-1);
    else void navigate(`/recordings/${id}`);
  };
  if (!recording) {
    return (
      <PlayerFrame title={loaded ? 'No such recording' : 'Loading…'} onBack={back}>
        <div className="player-message">
          {loaded ? (
            <>
              <h2>No such recording</h2>
              <p>It may have been deleted.</p>
              <Link className="btn" to="/recordings?tab=library">
                Open the library
              </Link>
            </>
          ) : (
            <Loader className="player-spin" size={32} aria-label="Loading" />
          )}
        </div>
      </PlayerFrame>
    );
  }
  const playable = playableOf(recording, live);
  if (!playable.ok) {
    return (
      <PlayerFrame title={recording.title} onBack={back}>
        <NothingYet recording={recording} why={playable.why} />
      </PlayerFrame>
    );
  }
  return <Player key={recording.id} recording={recording} live={live} playable={playable} onBack={back} />;
}

function PlayerFrame({
  title,
  onBack,
  children,
}: {
  title: string;
  onBack: () => void;
  children: ReactNode;
}) {
  return (
    <div className="player-page">
      <div className="player-top">
        <button type="button" className="player-btn" onClick={onBack} aria-label="Back (Esc)">
          <ArrowLeft size={20} aria-hidden="true" />
        </button>
        <h1 className="player-title truncate">{title}</h1>
      </div>
      <div className="player-stage">{children}</div>
    </div>
  );
}

function NothingYet({
  recording: r,
  why,
}: {
  recording: Recording;
  why: Exclude<Playable, { ok: true }>['why'];
}) {
  return (
    <div className="player-message" role="status">
      {why === 'waiting' ? (
        <>
          <Loader className="player-spin" size={32} aria-hidden="true" />
          <h2>Waiting for the first seconds</h2>
          <p>
            “{r.title}” is connecting to its stream. It plays from the beginning as soon as anything is
            captured.
          </p>
        </>
      ) : why === 'missing' ? (
        <>
          <h2>The file is missing</h2>
          <p>
            “{r.title}”’s file has not been where Tapedeck keeps it since{' '}
            {r.fileMissingSince !== null ? formatWhen(r.fileMissingSince) : 'the last rescan'}: it was moved
            or deleted outside the app. Put it back and rescan the library to play it again.
          </p>
        </>
      ) : why === 'scheduled' ? (
        <>
          <h2>Nothing to play yet</h2>
          <p>
            “{r.title}” records {formatWhen(r.startAt - r.padBeforeMs)}. Come back then: you can watch it from
            the beginning while it records.
          </p>
        </>
      ) : (
        <>
          <h2>Nothing to play</h2>
          <p>
            {r.error
              ? `Nothing was captured: ${readableError(r.error)}`
              : 'Nothing was captured for this recording.'}
          </p>
        </>
      )}
      <Link className="btn" to={`/recordings/${r.id}`}>
        Recording details
      </Link>
    </div>
  );
}

function useMediaBase(id: number): string | null {
  const [base, setBase] = useState<{ id: number; url: string } | null>(null);
  useEffect(() => {
    let live = true;
    void api()
      .mediaUrl(id)
      .then((url) => live && setBase({ id, url }));
    return () => {
      live = false;
    };
  }, [id]);
  return base?.id === id ? base.url : null;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.isContentEditable ||
      ['TEXTAREA', 'SELECT'].includes(el.tagName) ||
      (el.tagName === 'INPUT' && (el as HTMLInputElement).type !== 'range'))
  );
}

function Player({
  recording: r,
  live,
  playable,
  onBack,
}: {
  recording: Recording;
  live: Live | undefined;
  playable: Extract<Playable, { ok: true }>;
  onBack: () => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const base = useMediaBase(r.id);
  // Where it was last time, worth resuming (read once, when the player opens).
  const [resumedAt, setResumedAt] = useState(() =>
    resumeFrom(savedPosition(r.id), r.status === 'recording' ? null : (r.durationMs ?? 0) / 1000 || null),
  );
  const playback = usePlayback(video, base, playable.source, resumedAt ?? 0);
  const state = useVideoState(video);
  const recordingNow = r.status === 'recording';
  const breaks = useBreakSkipping(video, r.id, !recordingNow);
  useMarkWatched(video, r);
  const [fullscreen, setFullscreen] = useState(false);

  // Remember the position every few seconds and on leaving; forget it once watched to the end.
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    let last = 0;
    const onTime = () => {
      if (Math.abs(el.currentTime - last) >= 5) {
        last = el.currentTime;
        savePosition(r.id, el.currentTime);
      }
    };
    const onPause = () => savePosition(r.id, el.currentTime);
    const onEnded = () => savePosition(r.id, null);
    el.addEventListener('timeupdate', onTime);
    el.addEventListener('pause', onPause);
    el.addEventListener('ended', onEnded);
    return () => {
      if (!el.ended && el.currentTime > 0) savePosition(r.id, el.currentTime);
      el.removeEventListener('timeupdate', onTime);
      el.removeEventListener('pause', onPause);
      el.removeEventListener('ended', onEnded);
    };
  }, [r.id]);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const actions = {
    toggle: () => {
      const el = video.current;
      if (!el) return;
      if (el.paused || playback.needsClick) playback.play();
      else el.pause();
    },
    seek: (seconds: number) => {
      const el = video.current;
      if (!el) return;
      el.currentTime = Math.min(Math.max(0, seconds), seekableEnd(el) || seconds);
    },
    skip: (delta: number) => {
      const el = video.current;
      if (el) actions.seek(el.currentTime + delta);
    },
    live: () => {
      const el = video.current;
      if (!el) return;
      const edge = playback.liveEdge() ?? seekableEnd(el) - 3;
      el.currentTime = Math.max(0, edge);
      if (el.paused) playback.play();
    },
    mute: () => {
      const el = video.current;
      if (el) el.muted = !el.muted;
    },
    volume: (v: number) => {
      const el = video.current;
      if (!el) return;
      el.volume = v;
      el.muted = v === 0;
    },
    fullscreen: () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      else void frame.current?.requestFullscreen().catch(() => undefined);
    },
    startOver: () => {
      setResumedAt(null);
      actions.seek(0);
    },
  };

  // The keyboard, for the whole window while the player is open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const keys: Record<string, () => void> = {
        ' ': actions.toggle,
        k: actions.toggle,
        ArrowLeft: () => actions.skip(-10),
        ArrowRight: () => actions.skip(10),
        f: actions.fullscreen,
        m: actions.mute,
        Escape: onBack,
        ...(recordingNow ? { l: actions.live } : {}),
      };
      const run = keys[e.key];
      if (!run) return;
      // Esc leaves full screen first (the browser does that itself); only then does it go back.
      if (e.key === 'Escape' && document.fullscreenElement) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const captured = live?.progress?.seconds ?? null;
  return (
    <div className={fullscreen ? 'player-page fullscreen' : 'player-page'} ref={frame}>
      <div className="player-top">
        <button
          type="button"
          className="player-btn"
          onClick={onBack}
          aria-label="Back (Esc)"
          title="Back (Esc)"
        >
          <ArrowLeft size={20} aria-hidden="true" />
        </button>
        <div className="player-heading">
          <h1 className="player-title truncate">{r.title}</h1>
          <p className="player-sub truncate">
            {r.channelName ?? 'Stream'} · {formatWhen(r.actualStartAt ?? r.startAt)}
            {recordingNow && ` · recording until ${formatTime(r.endAt + r.padAfterMs)}`}
          </p>
        </div>
        {recordingNow && (
          <span
            className="player-live-badge"
            title={captured !== null ? `${formatClock(captured)} captured` : undefined}
          >
            <span className="dot live" aria-hidden="true" /> Recording
          </span>
        )}
        {resumedAt !== null && state.current > 0 && (
          <span className="player-resumed">
            <span className="hide-small">Resumed at {formatClock(resumedAt)}</span>
            <button type="button" className="player-chip" onClick={actions.startOver}>
              Start over
            </button>
          </span>
        )}
        <Link className="player-chip hide-small" to={`/recordings/${r.id}`}>
          Details
        </Link>
      </div>
      <div className="player-stage" onClick={actions.toggle}>
        <video ref={video} data-testid="player" playsInline preload="auto" aria-label={`Video: ${r.title}`} />
        {playback.needsClick && (
          <button
            type="button"
            className="player-big-play"
            onClick={(e) => {
              e.stopPropagation();
              playback.play();
            }}
            aria-label="Play with sound"
          >
            <span aria-hidden="true">▶</span>
          </button>
        )}
        <BreakNotice skipped={breaks.skipped} onUndo={breaks.undo} onDismiss={breaks.dismiss} />
        {state.buffering && !playback.needsClick && (
          <Loader className="player-spin over" size={36} aria-label="Loading" />
        )}
        {playback.error && (
          <div className="player-message error" role="alert">
            <h2>Cannot play</h2>
            <p>{playback.error}</p>
          </div>
        )}
      </div>
      <PlayerControls
        state={state}
        recording={recordingNow}
        fullscreen={fullscreen}
        actions={actions}
        breaks={breaks}
      />
    </div>
  );
}
