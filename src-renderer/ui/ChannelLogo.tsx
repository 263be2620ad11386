// A channel's logo, served and cached by the core (so it loads offline and the CSP stays strict), or
// its initials on a tinted square when there is none or it does not load.
import { useState } from 'react';
import { useConnection } from '../state/connection';

export function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0]!.slice(0, 3).toUpperCase();
  return (words[0]![0]! + words[1]![0]!).toUpperCase();
}

/** A stable hue per name, so a channel keeps its colour. */
function hue(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

export function ChannelLogo({
  name,
  logoUrl,
  size = 40,
}: {
  name: string;
  logoUrl: string | null;
  size?: number;
}) {
  const media = useConnection((s) => s.mediaOrigin);
  const [failed, setFailed] = useState(false);
  const style = { width: size, height: size };
  if (logoUrl && media && !failed) {
    return (
      <img
        className="channel-logo"
        src={media.url(logoUrl)}
        alt=""
        style={style}
        loading="lazy"
        onError={() => setFailed(true)}
      />
    );
  }
  return (
    <span
      className="channel-logo initials"
      style={{ ...style, backgroundColor: `hsl(${hue(name)} 45% 45%)`, fontSize: size / 3 }}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}
