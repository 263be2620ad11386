// Marks a finished recording watched (recordings.watched) when playback reaches its end: cleanup frees
// watched recordings first. Once per opening; the outcome is a toast either way, so the user knows.
import { useEffect, useRef, type RefObject } from 'react';
import type { Recording } from '../../../src-shared/domain';
import { api } from '../../state/connection';
import { useRecordings } from '../../state/recordings';
import { errorText, toast } from '../../ui/toast';

export function useMarkWatched(video: RefObject<HTMLVideoElement | null>, r: Recording): void {
  const sent = useRef(false);
  const finished = r.status !== 'recording';
  const already = r.watchedAt !== null;
  const { id, title } = r;
  useEffect(() => {
    const el = video.current;
    if (!el || !finished || already) return;
    const onEnded = () => {
      if (sent.current) return;
      sent.current = true;
      api()
        .call('recordings.watched', { id, watched: true })
        .then((updated) => {
          useRecordings.setState((s) => ({ byId: { ...s.byId, [updated.id]: updated } }));
          toast.success(`Marked “${title}” as watched`);
        })
        .catch((error: unknown) => {
          sent.current = false;
          toast.error(`Could not mark “${title}” as watched: ${errorText(error)}`);
        });
    };
    el.addEventListener('ended', onEnded);
    return () => el.removeEventListener('ended', onEnded);
  }, [video, id, title, finished, already]);
}
