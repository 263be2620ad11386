// Plays a recording from the media route. A finished .ts goes through hls.js (browsers cannot play
// MPEG-TS directly) over a keyframe-indexed VOD playlist; mp4/mkv play directly; a recording in
// progress plays from its beginning over a growing playlist of its segments. When it finishes
// while being watched, the player moves to the final file at the same position.
import Hls from 'hls.js';
import { useEffect, useRef } from 'react';
import { mediaPath } from './client';
import { useStore } from './store';

type Mode = 'live' | 'hls' | 'direct';

export function Player() {
  const playing = useStore((s) => s.playing);
  const close = useStore((s) => s.closePlayer);
  const recording = useStore((s) => (playing ? s.recordings[playing.id] : undefined));
  const video = useRef<HTMLVideoElement>(null);
  const position = useRef(0);
  const mode: Mode | null = !recording
    ? null
    : recording.status === 'recording'
      ? 'live'
      : recording.outputPath?.endsWith('.ts')
        ? 'hls'
        : 'direct';
  const extension = recording?.outputPath?.split('.').pop() ?? recording?.container ?? 'ts';

  useEffect(() => {
    const element = video.current;
    if (!playing || !element || !mode) return;
    const resumeAt = position.current;
    const track = () => (position.current = element.currentTime);
    element.addEventListener('timeupdate', track);
    let hls: Hls | null = null;
    if (mode === 'direct') {
      element.src = mediaPath(playing.url, `file.${extension}`);
      element.currentTime = resumeAt;
    } else {
      const playlist = mediaPath(playing.url, 'index.m3u8');
      if (Hls.isSupported()) {
        // startPosition 0: a recording in progress plays from its beginning, not from the live edge.
        hls = new Hls({ startPosition: resumeAt });
        hls.loadSource(playlist);
        hls.attachMedia(element);
      } else {
        element.src = playlist;
      }
    }
    return () => {
      element.removeEventListener('timeupdate', track);
      hls?.destroy();
    };
  }, [playing, mode, extension]);

  useEffect(() => {
    position.current = 0;
  }, [playing?.id]);

  if (!playing) return null;
  return (
    <div className="player" role="dialog" aria-label="Player">
      <div className="player-head">
        <span>
          {recording?.title}
          {mode === 'live' && <span className="live"> · recording</span>}
        </span>
        <button onClick={close} aria-label="Close player">
          ×
        </button>
      </div>
      <video ref={video} data-testid="player" controls autoPlay muted />
    </div>
  );
}
