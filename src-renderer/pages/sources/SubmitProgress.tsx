// What an add dialog is doing after "Add": the upload's share, then the core's import of the new source
// or guide (its sources.progress events: the new one is the id that was not there before).
import type { SourceProgress } from '../../../src-shared/domain-sources';
import { progressShare, progressText } from './describe';
import { ProgressBar } from './ImportStatus';
import { useSourcesData } from './sources-data';

export type Step =
  | { kind: 'idle' }
  | { kind: 'uploading'; share: number }
  /** The ids that existed before: progress of any other id is the new one's. */
  | { kind: 'working'; known: Set<number> };

export function SubmitProgress({ step, target }: { step: Step; target: 'source' | 'guide' }) {
  const progress = useSourcesData((s) => s.progress);
  let text = '';
  let share: number | null = null;
  if (step.kind === 'uploading') {
    text = `Uploading… ${Math.round(step.share * 100)} %`;
    share = step.share;
  } else if (step.kind === 'working') {
    const latest = Object.values(progress).find(
      (p: SourceProgress) => p.target === target && !step.known.has(p.id),
    );
    text = latest ? progressText(latest) : 'Connecting…';
    share = latest ? progressShare(latest) : null;
  }
  // Always rendered, so the dialog does not grow when the bar appears.
  return (
    <div className={`submit-progress${step.kind === 'idle' ? ' idle' : ''}`} aria-live="polite">
      {step.kind !== 'idle' && (
        <>
          <span className="small muted truncate">{text}</span>
          <ProgressBar share={share} label={text} />
        </>
      )}
    </div>
  );
}
