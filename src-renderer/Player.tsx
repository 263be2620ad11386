// Plays a finished recording from the media route (HTTP range requests make seeking work).
import { useStore } from './store';

export function Player() {
  const playing = useStore((s) => s.playing);
  const close = useStore((s) => s.closePlayer);
  const title = useStore((s) => (playing ? s.recordings[playing.id]?.title : undefined));
  if (!playing) return null;
  return (
    <div className="player" role="dialog" aria-label="Player">
      <div className="player-head">
        <span>{title}</span>
        <button onClick={close} aria-label="Close player">
          ×
        </button>
      </div>
      <video data-testid="player" src={playing.url} controls autoPlay muted />
    </div>
  );
}
