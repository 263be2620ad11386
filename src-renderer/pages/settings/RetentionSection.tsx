// Retention: how long finished recordings are kept and how much room cleanup keeps free, with the disk
// forecast (will the next week's recordings fit?) and cleanup itself: a preview of what would go and
// why, and "Clean up now" behind a confirmation. Both use the saved settings, not unsaved edits.
import { SETTING_LIMITS } from '../../../src-shared/settings';
import { CleanupPanel } from './CleanupPanel';
import { ForecastSummary } from './ForecastSummary';
import type { SectionProps } from './RecordingSections';
import { SettingRow } from './SettingRow';

export function RetentionSection({
  form,
  errors,
  set,
  unsaved,
}: Pick<SectionProps, 'form' | 'errors' | 'set'> & {
  /** The retention fields differ from the saved settings (cleanup would not use them yet). */
  unsaved: boolean;
}) {
  return (
    <section className="card settings-section" aria-labelledby="retention-title">
      <header>
        <h2 id="retention-title">Retention</h2>
        <span className="muted small">Protected recordings are never deleted</span>
      </header>
      <SettingRow
        label="Delete recordings after"
        description="Finished recordings older than this are removed by cleanup. Empty: kept until you delete them."
        error={errors.keepDays}
        hint={`Days, ${SETTING_LIMITS.keepDays.min} to ${SETTING_LIMITS.keepDays.max}`}
      >
        {(control) => (
          <input
            {...control}
            className="narrow"
            type="text"
            inputMode="numeric"
            placeholder="Never"
            value={form.keepDays}
            onChange={(e) => set('keepDays', e.target.value)}
          />
        )}
      </SettingRow>
      <SettingRow
        label="Keep this much free"
        description="Cleanup deletes watched recordings first, then the oldest, until the disk has this much free. Empty: no target."
        error={errors.keepFreeGiB}
        hint="GiB (1 GiB is 1.07 GB)"
      >
        {(control) => (
          <input
            {...control}
            className="narrow"
            type="text"
            inputMode="numeric"
            placeholder="No target"
            value={form.keepFreeGiB}
            onChange={(e) => set('keepFreeGiB', e.target.value)}
          />
        )}
      </SettingRow>
      <ForecastSummary />
      <CleanupPanel unsaved={unsaved} />
    </section>
  );
}
