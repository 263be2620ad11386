// Attaches a source to the <video>: hls.js for HLS (live or VOD), the file itself otherwise. Changing
// the source (a recording that finishes while watched moves from its live playlist to the final file)
// keeps the position. Starts playing with sound when the page was opened by a click (the browser allows
// it then); otherwise it waits for the user's click: never muted autoplay.
import Hls, { type ErrorData } from 'hls.js';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { mediaPath } from '../../client';
import type { Source } from './source';

export interface Playback {
  /** The browser refused to start on its own: the user's click starts it (with sound). */
  needsClick: boolean;
  /** A fatal playback error, in words. */
  error: string | null;
  /** The live edge of a recording in progress (seconds), when hls.js knows it. */
  liveEdge(): number | null;
  /** Starts playing from a user's gesture, with sound. */
  play(): void;
}

interface Attached {
  hls: Hls | null;
  detach(): void;
}

interface Callbacks {
  onPosition(seconds: number): void;
  onNeedsClick(needs: boolean): void;
  onError(message: string): void;
}

/** Tries to play; a refusal for want of a gesture asks for the click (an abort by a newer load is fine). */
function start(element: HTMLVideoElement, callbacks: Callbacks): void {
  element.play().then(
    () => callbacks.onNeedsClick(false),
    (e: unknown) => {
      if (e instanceof DOMException && e.name === 'NotAllowedError') callbacks.onNeedsClick(true);
    },
  );
}

/** Loads `url` into the element from `from` seconds; the DOM work lives here, outside React's render. */
function attach(
  element: HTMLVideoElement,
  url: string,
  mode: Source['mode'],
  from: number,
  callbacks: Callbacks,
): Attached {
  const track = () => callbacks.onPosition(element.currentTime);
  element.addEventListener('timeupdate', track);
  let hls: Hls | null = null;
  if (mode === 'direct') {
    element.src = url;
    element.addEventListener(
      'loadedmetadata',
      () => {
        if (from > 0) element.currentTime = from;
      },
      { once: true },
    );
    start(element, callbacks);
  } else if (Hls.isSupported()) {
    // startPosition: a recording in progress plays from its beginning (or where the user was), not the live edge.
    const instance = new Hls({ startPosition: from });
    hls = instance;
    instance.on(Hls.Events.ERROR, (_event, data: ErrorData) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.NETWORK_ERROR) instance.startLoad();
      else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) instance.recoverMediaError();
      else callbacks.onError(`This recording cannot be played here (${data.details}).`);
    });
    instance.on(Hls.Events.MANIFEST_PARSED, () => start(element, callbacks));
    instance.loadSource(url);
    instance.attachMedia(element);
  } else if (element.canPlayType('application/vnd.apple.mpegurl')) {
    element.src = url;
    start(element, callbacks);
  } else {
    callbacks.onError('This browser cannot play HLS, which this recording needs.');
  }
  return {
    hls,
    detach() {
      element.removeEventListener('timeupdate', track);
      hls?.destroy();
      if (mode !== 'hls' && mode !== 'live') {
        element.removeAttribute('src');
        element.load();
      }
    },
  };
}

/** Starts the element with sound, from a user's click. */
function playWithSound(element: HTMLVideoElement, onNeedsClick: (needs: boolean) => void): void {
  element.muted = false;
  element.play().then(
    () => onNeedsClick(false),
    () => onNeedsClick(true),
  );
}

export function usePlayback(
  video: RefObject<HTMLVideoElement | null>,
  url: string | null,
  source: Source | null,
  /** Where to start the first time (a remembered position), in seconds. */
  startAt: number,
): Playback {
  const [needsClick, setNeedsClick] = useState(false);
  const [error, setError] = useState<{ url: string; text: string } | null>(null);
  const hls = useRef<Hls | null>(null);
  const position = useRef<number | null>(null);
  const mode = source?.mode ?? null;
  const full = url && source ? mediaPath(url, source.leaf) : null;

  useEffect(() => {
    const element = video.current;
    if (!element || !full || !mode) return;
    // The first load starts at the remembered position; a later one (live -> file) where it was.
    const attached = attach(element, full, mode, position.current ?? startAt, {
      onPosition: (seconds) => {
        position.current = seconds;
      },
      onNeedsClick: setNeedsClick,
      onError: (text) => setError({ url: full, text }),
    });
    hls.current = attached.hls;
    return () => {
      attached.detach();
      if (hls.current === attached.hls) hls.current = null;
    };
    // startAt is read once per load on purpose: a later change of the saved position must not reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [full, mode, video]);

  return {
    needsClick,
    // An error belongs to the source that had it.
    error: error && error.url === full ? error.text : null,
    liveEdge: () => hls.current?.liveSyncPosition ?? null,
    play: () => {
      if (video.current) playWithSound(video.current, setNeedsClick);
    },
  };
}
