// One recording for its details page: from the store (kept current by events), read afresh from the
// core when it changes, and every few seconds while it records (new segments and event-log notes
// come without an event). Its event log likewise.
import { useEffect, useState } from 'react';
import type { Recording, RecordingEvent } from '../../../../src-shared/domain';
import { ClientError } from '../../../client';
import { api } from '../../../state/connection';
import { useRecordings } from '../../../state/recordings';
import { errorText } from '../../../ui/toast';

export interface Details {
  recording: Recording | null;
  events: RecordingEvent[] | null;
  /** The core does not know it (never existed, or deleted). */
  missing: boolean;
  error: string | null;
}

export function useRecordingDetails(id: number): Details {
  const stored = useRecordings((s) => s.byId[id]);
  const [fetched, setFetched] = useState<{
    id: number;
    recording: Recording;
    events: RecordingEvent[];
  } | null>(null);
  const [failure, setFailure] = useState<{ id: number; missing: boolean; error: string | null } | null>(null);
  const status = stored?.status;
  const updatedAt = stored?.updatedAt;

  useEffect(() => {
    let live = true;
    const read = () =>
      Promise.all([api().call('recordings.get', { id }), api().call('recordings.events', { id })])
        .then(([recording, events]) => {
          if (!live) return;
          setFetched({ id, recording, events });
          setFailure(null);
        })
        .catch((error: unknown) => {
          if (!live) return;
          const missing = error instanceof ClientError && error.code === 'not_found';
          setFailure({ id, missing, error: missing ? null : errorText(error) });
        });
    void read();
    const timer = status === 'recording' ? setInterval(() => void read(), 4000) : null;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [id, status, updatedAt]);

  const mine = fetched?.id === id ? fetched : null;
  // The store's copy when it is newer (an event after the last read), else the read one (fresher segments).
  const recording =
    stored && (!mine || stored.updatedAt > mine.recording.updatedAt)
      ? stored
      : (mine?.recording ?? stored ?? null);
  const failed = failure?.id === id ? failure : null;
  return {
    recording: failed?.missing ? null : recording,
    events: mine?.events ?? null,
    missing: failed?.missing ?? false,
    error: failed?.error ?? null,
  };
}
