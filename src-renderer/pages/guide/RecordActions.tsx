// The ways to record a programme from its panel: Record (or Don't record once it is scheduled), Record
// series, and Record on a schedule (a time rule prefilled from the programme).
import { CalendarClock } from 'lucide-react';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Recording } from '../../../src-shared/domain';
import type { GuideProgramme } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';
import { errorText, toast } from '../../ui/toast';
import { fromRecording, STATE_LABEL, type AiringStatus } from './airing-status';
import { clockOf, endOf, MINUTE, weekdayOf } from './guide-math';
import { SeriesAction } from './SeriesAction';

/**
 * Record, Record series, Record on a schedule. Record answers at once (spinner, then the new state in
 * place of the button, so it cannot be pressed twice); the core gives the same recording if asked again.
 */
export function RecordActions({
  channelId,
  programme: p,
  status,
  ended,
}: {
  channelId: number;
  programme: GuideProgramme;
  status: AiringStatus | undefined;
  ended: boolean;
}) {
  const [busy, setBusy] = useState(false);
  // Two clicks in one frame both see busy === false: the ref is the guard, the state the spinner.
  const running = useRef(false);
  // The core's answer, shown until the upcoming list and the recordings store catch up.
  const [answer, setMade] = useState<Recording | null>(null);
  const made =
    answer?.programme && answer.programme.start === p.start && answer.channelId === channelId ? answer : null;
  const effective = status ?? (made ? (fromRecording(made) ?? undefined) : undefined);
  const scheduled =
    effective && ['will-record', 'recording', 'conflict', 'recorded'].includes(effective.state);

  const record = () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    api()
      .call('guide.record', { channelId, programmeId: p.id })
      .then(setMade)
      .catch((error: unknown) => toast.error(errorText(error)))
      .finally(() => {
        running.current = false;
        setBusy(false);
      });
  };

  const cancel = (s: AiringStatus) => {
    if (running.current || s.recordingId === null) return;
    running.current = true;
    setBusy(true);
    const id = s.recordingId;
    // A rule's recording is skipped (the rule would schedule it again); a one-off is cancelled.
    const done =
      s.ruleId !== null
        ? api().call('upcoming.skip', { recordingId: id })
        : api().call('recordings.cancel', { id });
    done
      .then(() => {
        setMade(null);
        toast.info('It will not be recorded.');
      })
      .catch((error: unknown) => toast.error(errorText(error)))
      .finally(() => {
        running.current = false;
        setBusy(false);
      });
  };

  const minutes = Math.max(1, Math.round((endOf(p) - p.start) / MINUTE));
  const scheduleHref = `/rules/new?kind=time&channel=${channelId}&at=${clockOf(p.start)}&duration=${minutes}&days=${weekdayOf(p.start)}`;

  return (
    <div className="stack guide-actions">
      <div className="row wrap">
        {scheduled && effective ? (
          <>
            <span className={`guide-state-pill ${effective.state}`} role="status">
              {(effective.state === 'will-record' || effective.state === 'recording') && (
                <span className={effective.state === 'recording' ? 'guide-rec-dot live' : 'guide-rec-dot'} />
              )}
              {STATE_LABEL[effective.state]}
            </span>
            {effective.recordingId !== null && (
              <Link className="btn small" to={`/recordings/${effective.recordingId}`}>
                {effective.state === 'recorded' ? 'Open recording' : 'Details'}
              </Link>
            )}
            {effective.state === 'recording' && effective.recordingId !== null && (
              <Link className="btn small" to={`/play/${effective.recordingId}`}>
                Watch
              </Link>
            )}
            {(effective.state === 'will-record' || effective.state === 'conflict') && (
              <button
                type="button"
                className="btn small ghost"
                onClick={() => cancel(effective)}
                disabled={busy}
              >
                Don’t record
              </button>
            )}
          </>
        ) : ended ? (
          <p className="muted">This programme has ended.</p>
        ) : (
          <button type="button" className="btn record" onClick={record} disabled={busy} aria-busy={busy}>
            {busy ? (
              <span className="spinner" aria-hidden="true" />
            ) : (
              <span className="guide-rec-dot white" />
            )}
            {effective?.state === 'skipped' ? 'Record anyway' : 'Record'}
          </button>
        )}
      </div>
      {scheduled && effective && (effective.state === 'will-record' || effective.state === 'recording') && (
        <p className="muted small">
          {effective.ruleId === null
            ? 'Scheduled by you.'
            : effective.ruleName
              ? `Scheduled by the rule “${effective.ruleName}”.`
              : 'Scheduled by a rule.'}
          {effective.reason ? ` ${effective.reason}` : ''}
        </p>
      )}
      <SeriesAction title={p.title} />
      <Link className="guide-action-link" to={scheduleHref}>
        <CalendarClock size={16} aria-hidden="true" /> Record on a schedule ({clockOf(p.start)}, {minutes}{' '}
        min)
      </Link>
    </div>
  );
}
