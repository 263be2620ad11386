// Plays a finished recording from the media route. MPEG-TS goes through hls.js (browsers cannot
// play .ts directly) over a keyframe-indexed playlist; mp4/mkv play directly. Seeking relies on
// the route's HTTP range requests either way.
import Hls from 'hls.js';
import { useEffect, useRef } from 'react';
import { useStore } from './store';

export function Player() {
  const playing = useStore((s) => s.playing);
  const close = useStore((s) => s.closePlayer);
  const recording = useStore((s) => (playing ? s.recordings[playing.id] : undefined));
  const video = useRef<HTMLVideoElement>(null);
  const isTs = recording?.outputPath?.endsWith('.ts') ?? false;

  useEffect(() => {
    const element = video.current;
    if (!playing || !element) return;
    if (!isTs) {
      element.src = playing.url;
      return;
    }
    const [path, query] = playing.url.split('?');
    const playlist = `${path}/index.m3u8?${query ?? ''}`;
    if (!Hls.isSupported()) {
      element.src = playlist;
      return;
    }
    const hls = new Hls();
    hls.loadSource(playlist);
    hls.attachMedia(element);
    return () => hls.destroy();
  }, [playing, isTs]);

  if (!playing) return null;
  return (
    <div className="player" role="dialog" aria-label="Player">
      <div className="player-head">
        <span>{recording?.title}</span>
        <button onClick={close} aria-label="Close player">
          ×
        </button>
      </div>
      <video ref={video} data-testid="player" controls autoPlay muted />
    </div>
  );
}
