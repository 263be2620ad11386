// A source's or guide's refresh state in a box of fixed height (no jump when a refresh starts or ends):
// a live bar while it runs (sources.progress), else when it last ran and what that did.
import type { ImportReport, SourceProgress } from '../../../src-shared/domain-sources';
import { everyText, fromNow, progressShare, progressText, reportText } from './describe';

export function ProgressBar({
  share,
  label,
  failed,
}: {
  share: number | null;
  label: string;
  failed?: boolean;
}) {
  return (
    <div
      className={`import-bar${share === null ? ' indeterminate' : ''}${failed ? ' failed' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={share === null ? undefined : Math.round(share * 100)}
    >
      <span style={share === null ? undefined : { width: `${share * 100}%` }} />
    </div>
  );
}

export function ImportStatus({
  target,
  progress,
  refreshing,
  lastRefreshAt,
  refreshHours,
  report,
  now,
}: {
  target: 'source' | 'guide';
  progress: SourceProgress | undefined;
  refreshing: boolean;
  lastRefreshAt: number | null;
  refreshHours: number;
  report: ImportReport | null;
  now: number;
}) {
  if (progress || refreshing) {
    const text = progress ? progressText(progress) : 'Refreshing…';
    return (
      <div className="import-status" aria-live="polite">
        <span className="small truncate">{text}</span>
        <ProgressBar
          share={progress ? progressShare(progress) : null}
          label={text}
          failed={progress?.phase === 'failed'}
        />
      </div>
    );
  }
  return (
    <div className="import-status">
      <span className="small muted truncate">
        {lastRefreshAt === null ? 'Not refreshed yet' : `Refreshed ${fromNow(lastRefreshAt, now)}`} ·{' '}
        {everyText(refreshHours)}
      </span>
      <span className="small faint truncate">{report ? reportText(report, target) : ' '}</span>
    </div>
  );
}

/** The problems the last import skipped or repaired, folded away. */
export function ImportProblems({ report }: { report: ImportReport | null }) {
  if (!report || (report.problemCount === 0 && !report.stoppedEarly)) return null;
  const shown = report.problems.slice(0, 50);
  return (
    <details className="import-problems">
      <summary>
        {report.problemCount === 0
          ? 'The last import stopped early'
          : `${report.problemCount} line${report.problemCount === 1 ? ' was' : 's were'} skipped or repaired`}
      </summary>
      {report.stoppedEarly && <p className="small">Stopped early: {report.stoppedEarly}</p>}
      <ul className="small">
        {shown.map((p, i) => (
          <li key={i}>
            {p.line !== null ? <span className="muted tabular">Line {p.line}: </span> : null}
            {p.message}
          </li>
        ))}
      </ul>
      {report.problemCount > shown.length && (
        <p className="small muted">and {report.problemCount - shown.length} more</p>
      )}
    </details>
  );
}
