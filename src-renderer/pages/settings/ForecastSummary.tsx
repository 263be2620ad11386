// The disk forecast (library.forecast) in a sentence: will the next 7 days of planned recordings fit
// above the reserve, with what cleanup frees meanwhile; and if not, by how much they fall short.
import { AlertTriangle, CheckCircle2, RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { DiskForecast } from '../../../src-shared/domain-library-space';
import { onEvent } from '../../state/connection';
import { formatBytes, formatDaysLeft, formatWhen } from '../../ui/format';
import { errorText } from '../../ui/toast';
import { loadForecast } from './settings-api';

type State =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; forecast: DiskForecast };

export function ForecastSummary() {
  const [state, setState] = useState<State>({ state: 'loading' });
  const fetchForecast = useCallback(() => {
    loadForecast()
      .then((forecast) => setState({ state: 'ready', forecast }))
      .catch((e: unknown) => setState({ state: 'error', message: errorText(e) }));
  }, []);
  const load = () => {
    setState({ state: 'loading' });
    fetchForecast();
  };
  useEffect(() => {
    fetchForecast();
    // The core says when the verdict changes; the figures follow.
    return onEvent('disk.forecast', (forecast) => setState({ state: 'ready', forecast }));
  }, [fetchForecast]);

  return (
    <div className="setting-row">
      <div className="setting-text">
        <span className="setting-label">Disk forecast</span>
        <p className="small muted">
          The next 7 days’ planned recordings at each channel’s usual rate, with cleanup.
        </p>
      </div>
      <div className="setting-control" aria-live="polite">
        {state.state === 'loading' && (
          <span className="small muted" role="status" aria-busy="true">
            <span className="spinner" aria-hidden="true" /> Working out the forecast…
          </span>
        )}
        {state.state === 'error' && (
          <span className="small danger-text" role="alert">
            Could not read the forecast: {state.message}{' '}
            <button type="button" className="btn small" onClick={load}>
              <RefreshCw size={14} aria-hidden="true" /> Try again
            </button>
          </span>
        )}
        {state.state === 'ready' && <ForecastText forecast={state.forecast} />}
      </div>
    </div>
  );
}

function ForecastText({ forecast: f }: { forecast: DiskForecast }) {
  const planned = f.days.reduce((n, d) => n + d.recordings, 0);
  return (
    <div className="forecast small">
      {f.fits ? (
        <span className="success-text">
          <CheckCircle2 size={14} aria-hidden="true" /> The next 7 days fit
        </span>
      ) : (
        <span className="danger-text">
          <AlertTriangle size={14} aria-hidden="true" /> Short by {formatBytes(f.shortfallBytes)}
          {f.fullAt !== null && `: the disk reaches the reserve ${formatWhen(f.fullAt)}`}
        </span>
      )}
      <span className="muted">
        {formatBytes(f.freeBytes)} free, {formatBytes(f.reserveBytes)} kept in reserve.{' '}
        {planned === 0
          ? 'Nothing is planned.'
          : `${planned} recording${planned === 1 ? '' : 's'} need ${formatBytes(f.neededBytes)}; cleanup frees ${formatBytes(f.cleanupBytes)}.`}
        {f.daysLeft !== null && ` Room for ${formatDaysLeft(f.daysLeft)} at this rate.`}
      </span>
    </div>
  );
}
