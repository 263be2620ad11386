// The <video>'s state for the controls, from its own events (the element is the source of truth).
import { useEffect, useState, type RefObject } from 'react';

export interface VideoState {
  paused: boolean;
  /** Seconds. */
  current: number;
  /** The end of what can be played (grows while recording), seconds; 0 until known. */
  end: number;
  buffering: boolean;
  muted: boolean;
  volume: number;
  ended: boolean;
  /** Metadata loaded at least once. */
  ready: boolean;
}

const INITIAL: VideoState = {
  paused: true,
  current: 0,
  end: 0,
  buffering: false,
  muted: false,
  volume: 1,
  ended: false,
  ready: false,
};

export function seekableEnd(video: HTMLVideoElement): number {
  const ranges = video.seekable;
  if (ranges.length > 0) return ranges.end(ranges.length - 1);
  return Number.isFinite(video.duration) ? video.duration : 0;
}

export function useVideoState(video: RefObject<HTMLVideoElement | null>): VideoState {
  const [state, setState] = useState<VideoState>(INITIAL);
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    const read = (buffering?: boolean) =>
      setState((s) => ({
        paused: el.paused,
        current: el.currentTime,
        end: Math.max(seekableEnd(el), el.currentTime),
        buffering: buffering ?? (s.buffering && el.readyState < 3),
        muted: el.muted,
        volume: el.volume,
        ended: el.ended,
        ready: s.ready || el.readyState >= 1,
      }));
    const plain = () => read();
    const waiting = () => read(true);
    const playing = () => read(false);
    const events = [
      'play',
      'pause',
      'timeupdate',
      'durationchange',
      'progress',
      'volumechange',
      'ended',
      'loadedmetadata',
      'seeked',
      'emptied',
    ];
    for (const name of events) el.addEventListener(name, plain);
    el.addEventListener('waiting', waiting);
    el.addEventListener('playing', playing);
    return () => {
      for (const name of events) el.removeEventListener(name, plain);
      el.removeEventListener('waiting', waiting);
      el.removeEventListener('playing', playing);
    };
  }, [video]);
  return state;
}
