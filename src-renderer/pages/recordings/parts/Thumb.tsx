// A recording's picture. There are no thumbnails yet, so a placeholder: a tinted tile with the show's
// initial, stable per show so a series keeps its colour (the way Plex shows a missing poster).
import { Clapperboard } from 'lucide-react';
import type { CSSProperties } from 'react';

function hue(text: string): number {
  let h = 7;
  for (const c of text.toLowerCase()) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

export function Thumb({ title, small }: { title: string; small?: boolean }) {
  const letter = (title.match(/[\p{L}\p{N}]/u)?.[0] ?? '?').toUpperCase();
  return (
    <span
      className={small ? 'thumb small' : 'thumb'}
      style={{ '--thumb-hue': hue(title) } as CSSProperties}
      aria-hidden="true"
    >
      <span className="thumb-letter">{letter}</span>
      <Clapperboard className="thumb-icon" size={small ? 12 : 14} />
    </span>
  );
}
