// The player's side of commercial breaks: reads them once for a finished recording (recordings.breaks),
// watches the <video>'s position and jumps over a break playback runs into (breaks.ts decides), and keeps
// the "Skipped break · Undo" notice. Nothing at all happens when there are no breaks.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Break } from '../../../src-shared/contract-library-process';
import { api } from '../../state/connection';
import { saveSkipBreaks, skipBreaksSetting, skipTarget } from './breaks';

/** How long the notice stays (long enough to reach Undo, short enough not to linger). */
const NOTICE_MS = 8000;

export interface BreakSkipping {
  breaks: Break[];
  enabled: boolean;
  setEnabled(on: boolean): void;
  /** The break just skipped, while its notice shows. */
  skipped: Break | null;
  /** Back to the start of the skipped break, to watch it after all. */
  undo(): void;
  dismiss(): void;
}

/** Moves the element (the DOM's own state, outside React's). */
function seekTo(el: HTMLVideoElement, seconds: number): void {
  el.currentTime = seconds;
}

/** The breaks to skip; none while recording (detection runs on the finished file) or when unreadable. */
function useBreakList(id: number, finished: boolean): Break[] {
  const [state, setState] = useState<{ id: number; breaks: Break[] } | null>(null);
  useEffect(() => {
    if (!finished) return;
    let live = true;
    api()
      .call('recordings.breaks', { id })
      .then(
        (answer) => live && setState({ id, breaks: answer.breaks }),
        // Breaks are a convenience: without them the recording plays as it always did.
        () => live && setState({ id, breaks: [] }),
      );
    return () => {
      live = false;
    };
  }, [id, finished]);
  return finished && state?.id === id ? state.breaks : [];
}

export function useBreakSkipping(
  video: RefObject<HTMLVideoElement | null>,
  id: number,
  finished: boolean,
): BreakSkipping {
  const breaks = useBreakList(id, finished);
  const [enabled, setEnabledState] = useState(skipBreaksSetting);
  const [skipped, setSkipped] = useState<Break | null>(null);
  const previous = useRef<number | null>(null);

  useEffect(() => {
    const el = video.current;
    previous.current = null;
    if (!el || !enabled || breaks.length === 0) return;
    const onTime = () => {
      const at = el.currentTime;
      const duration = Number.isFinite(el.duration) ? el.duration : null;
      const decision = skipTarget(previous.current, at, breaks, duration);
      previous.current = decision ? decision.to : at;
      if (!decision) return;
      seekTo(el, decision.to);
      setSkipped(decision.skipped);
    };
    // A new source starts over: its first position is not a continuation of the old one.
    const onLoad = () => {
      previous.current = null;
    };
    el.addEventListener('timeupdate', onTime);
    el.addEventListener('loadstart', onLoad);
    return () => {
      el.removeEventListener('timeupdate', onTime);
      el.removeEventListener('loadstart', onLoad);
    };
  }, [video, enabled, breaks]);

  useEffect(() => {
    if (!skipped) return;
    const timer = setTimeout(() => setSkipped(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [skipped]);

  return {
    breaks,
    enabled,
    setEnabled: (on) => {
      saveSkipBreaks(on);
      setEnabledState(on);
      if (!on) setSkipped(null);
    },
    skipped,
    undo: () => {
      const el = video.current;
      if (el && skipped) {
        // Inside the break, having come from its end: playing on there is not "entering" it again.
        previous.current = skipped.startMs / 1000;
        seekTo(el, skipped.startMs / 1000);
      }
      setSkipped(null);
    },
    dismiss: () => setSkipped(null),
  };
}
