// The Recording and ffmpeg sections of Settings: where and how recordings are made. The values are the
// form's (settings-form.ts); the page keeps the state and saves.
import { CONTAINERS, type Container } from '../../../src-shared/domain';
import type { SettingsView } from '../../../src-shared/settings';
import { ZoneSelect } from '../rules/form-parts';
import { FfmpegTest } from './FfmpegTest';
import type { SettingsErrors, SettingsForm } from './settings-form';
import { SettingRow } from './SettingRow';

const CONTAINER_LABEL: Record<Container, string> = {
  ts: 'MPEG-TS (.ts): safest, plays while recording',
  mkv: 'Matroska (.mkv): smaller, keeps every track',
  mp4: 'MP4 (.mp4): plays on every device',
};

const here = Intl.DateTimeFormat().resolvedOptions().timeZone;

export interface SectionProps {
  form: SettingsForm;
  errors: SettingsErrors;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
  /** May this window name paths (the desktop app), or only see them (a browser)? */
  paths: boolean;
  facts: SettingsView['facts'];
}

export function RecordingSections({ form, errors, set, paths, facts }: SectionProps) {
  return (
    <>
      <section className="card settings-section" aria-labelledby="recording-title">
        <header>
          <h2 id="recording-title">Recording</h2>
        </header>
        <SettingRow
          label="Recordings folder"
          description="Where finished recordings go. Empty: the folder in Tapedeck’s data folder."
          error={errors.recordingsDir}
          hint={paths ? undefined : <PathHint setting="recordingsDir" />}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              spellCheck={false}
              value={form.recordingsDir}
              placeholder={facts.recordingsDir}
              readOnly={!paths}
              onChange={(e) => set('recordingsDir', e.target.value)}
            />
          )}
        </SettingRow>
        <SettingRow
          label="File format"
          description="For new recordings; rules may choose their own."
          error={errors.container}
        >
          {(control) => (
            <select
              {...control}
              value={form.container}
              onChange={(e) => set('container', e.target.value as Container)}
            >
              {CONTAINERS.map((c) => (
                <option key={c} value={c}>
                  {CONTAINER_LABEL[c]}
                </option>
              ))}
            </select>
          )}
        </SettingRow>
        <SettingRow
          label="Start early by"
          description="Minutes before a programme starts (guides are often late or early). Negative starts late."
          error={errors.padBefore}
          hint="Minutes, or 90s"
        >
          {(control) => (
            <input
              {...control}
              className="narrow"
              type="text"
              inputMode="numeric"
              value={form.padBefore}
              onChange={(e) => set('padBefore', e.target.value)}
            />
          )}
        </SettingRow>
        <SettingRow
          label="End late by"
          description="Minutes after it ends (overruns). Negative ends early."
          error={errors.padAfter}
          hint="Minutes, or 90s"
        >
          {(control) => (
            <input
              {...control}
              className="narrow"
              type="text"
              inputMode="numeric"
              value={form.padAfter}
              onChange={(e) => set('padAfter', e.target.value)}
            />
          )}
        </SettingRow>
        <SettingRow
          label="Keep free on the disk"
          description="Recordings stop before the disk has less than this left."
          error={errors.diskReserveGb}
          hint="Gigabytes"
        >
          {(control) => (
            <input
              {...control}
              className="narrow"
              type="text"
              inputMode="decimal"
              value={form.diskReserveGb}
              onChange={(e) => set('diskReserveGb', e.target.value)}
            />
          )}
        </SettingRow>
        <SettingRow
          label="Time zone for rules"
          description="The days and times of new rules are in this zone unless a rule says otherwise."
          error={errors.timeZone}
        >
          {(control) => (
            <ZoneSelect
              control={control}
              value={form.timeZone}
              onChange={(tz) => set('timeZone', tz)}
              defaultLabel={`This computer’s (${here})`}
            />
          )}
        </SettingRow>
      </section>

      <section className="card settings-section" aria-labelledby="ffmpeg-title">
        <header>
          <h2 id="ffmpeg-title">ffmpeg</h2>
        </header>
        <SettingRow
          label="ffmpeg program"
          description="What records the streams. Empty: the one that comes with Tapedeck, else the system’s."
          error={errors.ffmpegPath}
          hint={paths ? undefined : <PathHint setting="ffmpegPath" />}
        >
          {(control) => (
            <div className="stack ffmpeg-field">
              <input
                {...control}
                type="text"
                spellCheck={false}
                value={form.ffmpegPath}
                placeholder="Found automatically"
                readOnly={!paths}
                onChange={(e) => set('ffmpegPath', e.target.value)}
              />
              <FfmpegTest path={paths ? form.ffmpegPath : ''} />
            </div>
          )}
        </SettingRow>
      </section>
    </>
  );
}

/** Why a path cannot be typed here: the core takes paths from the desktop app and the CLI only. */
export function PathHint({ setting, value = 'PATH' }: { setting: string; value?: string }) {
  return (
    <>
      Set from the desktop app, or with{' '}
      <span className="mono">
        tapedeck settings set {setting} {value}
      </span>
      .
    </>
  );
}
