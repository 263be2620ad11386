// A finished recording's post-processing for its details: its jobs (jobs.list) and its upload
// (recordings.upload), read when the page opens and again whenever the core reports one of its jobs
// (library.job), so a retry or a running step shows without a reload.
import { useCallback, useEffect, useState } from 'react';
import type { Job, UploadState } from '../../../../src-shared/contract-library-process';
import { api, onEvent } from '../../../state/connection';
import { errorText } from '../../../ui/toast';

export interface Processing {
  jobs: Job[] | null;
  upload: { state: UploadState; job: Job | null } | null;
  error: string | null;
  reload(): void;
}

export function useProcessing(id: number, enabled: boolean): Processing {
  const [state, setState] = useState<{
    id: number;
    jobs: Job[] | null;
    upload: Processing['upload'];
    error: string | null;
  } | null>(null);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    Promise.all([api().call('jobs.list', { recordingId: id }), api().call('recordings.upload', { id })]).then(
      ([jobs, upload]) =>
        live && setState({ id, jobs, upload: { state: upload.state, job: upload.job }, error: null }),
      (error: unknown) =>
        live &&
        setState((s) => ({ id, jobs: s?.id === id ? s.jobs : null, upload: null, error: errorText(error) })),
    );
    return () => {
      live = false;
    };
  }, [id, enabled, round]);

  useEffect(() => {
    if (!enabled) return;
    return onEvent('library.job', (job) => {
      if (job.recordingId === id) reload();
    });
  }, [id, enabled, reload]);

  const mine = state?.id === id ? state : null;
  return { jobs: mine?.jobs ?? null, upload: mine?.upload ?? null, error: mine?.error ?? null, reload };
}
