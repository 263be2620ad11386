// After recording: what runs on each finished recording (docs/postprocessing.md): the default stream
// profile, commercial detection (comskip), the user's own command (a program and its arguments, one
// per line: never a shell string), where segments are written, and the S3 upload's state. Programs and
// S3 are set only from the desktop app or the CLI (the core refuses them from a browser).
import { useEffect, useState } from 'react';
import type { Profile } from '../../../src-shared/contract-library-process';
import { errorText } from '../../ui/toast';
import { Switch } from '../sources/common/Switch';
import { PathHint, type SectionProps } from './RecordingSections';
import { loadProfiles } from './settings-api';
import { SCRATCH_CHOICES, type ScratchChoice } from './settings-form-more';
import { SettingRow } from './SettingRow';
import { StorageSummary } from './StorageSummary';

const SCRATCH_LABEL: Record<ScratchChoice, string> = {
  auto: 'Here when recordings go to a network share',
  always: 'Always here, moved when finished',
  never: 'Always in the recordings folder',
};

type Profiles =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; list: Profile[] };

export function AfterRecordingSection({ form, errors, set, paths }: Omit<SectionProps, 'facts'>) {
  const [profiles, setProfiles] = useState<Profiles>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    loadProfiles()
      .then((list) => live && setProfiles({ state: 'ready', list }))
      .catch((e: unknown) => live && setProfiles({ state: 'error', message: errorText(e) }));
    return () => {
      live = false;
    };
  }, []);
  const listed = profiles.state === 'ready' ? profiles.list : [];
  const unknownChosen =
    form.defaultProfileId !== '' && !listed.some((p) => String(p.id) === form.defaultProfileId);

  return (
    <section className="card settings-section" aria-labelledby="after-title">
      <header>
        <h2 id="after-title">After recording</h2>
        <span className="muted small">
          Each step runs in the background; a failed one never costs the recording
        </span>
      </header>
      <SettingRow
        label="Stream profile"
        description="What new recordings are turned into, unless their rule, channel source or the recording says otherwise."
        error={
          errors.defaultProfileId ??
          (profiles.state === 'error' ? `Profiles could not be read: ${profiles.message}` : undefined)
        }
        hint={profiles.state === 'loading' ? 'Reading the profiles…' : undefined}
      >
        {(control) => (
          <select
            {...control}
            value={form.defaultProfileId}
            aria-busy={profiles.state === 'loading'}
            onChange={(e) => set('defaultProfileId', e.target.value)}
          >
            <option value="">Copy the stream (no re-encoding)</option>
            {listed.map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.name} ({p.kind}, {p.when === 'capture' ? 'while recording' : 'after'})
              </option>
            ))}
            {unknownChosen && <option value={form.defaultProfileId}>Profile #{form.defaultProfileId}</option>}
          </select>
        )}
      </SettingRow>
      <ToggleRow
        label="Keep the original after a transcode"
        description="Beside the result, as name.original.ts."
        checked={form.transcodeKeepOriginal}
        onChange={(on) => set('transcodeKeepOriginal', on)}
      />
      <ToggleRow
        label="Find commercial breaks"
        description="Runs comskip on each finished recording (when it is installed); players skip the breaks."
        checked={form.comskipEnabled}
        onChange={(on) => set('comskipEnabled', on)}
      />
      <ToggleRow
        label="Cut the breaks out"
        description="A lossless cut; the original is kept until the cut file is checked."
        checked={form.comskipCut}
        disabled={!form.comskipEnabled}
        onChange={(on) => set('comskipCut', on)}
      />
      <SettingRow
        label="comskip program"
        description="Empty: comskip on PATH."
        error={errors.comskipPath}
        hint={paths ? undefined : <PathHint setting="comskipPath" />}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            spellCheck={false}
            placeholder="comskip on PATH"
            readOnly={!paths}
            value={form.comskipPath}
            onChange={(e) => set('comskipPath', e.target.value)}
          />
        )}
      </SettingRow>
      <SettingRow
        label="comskip settings (.ini)"
        description="Empty: Tapedeck’s own (black frames and silence)."
        error={errors.comskipIni}
        hint={paths ? undefined : <PathHint setting="comskipIni" />}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            spellCheck={false}
            placeholder="Tapedeck’s own"
            readOnly={!paths}
            value={form.comskipIni}
            onChange={(e) => set('comskipIni', e.target.value)}
          />
        )}
      </SettingRow>
      <SettingRow
        label="comskip time limit"
        description="Stopped (and the recording left as it was) after this."
        error={errors.comskipTimeoutMin}
        hint="Minutes"
      >
        {(control) => (
          <input
            {...control}
            className="narrow"
            type="text"
            inputMode="numeric"
            value={form.comskipTimeoutMin}
            onChange={(e) => set('comskipTimeoutMin', e.target.value)}
          />
        )}
      </SettingRow>
      <SettingRow
        label="Command to run"
        description={
          <>
            A program and its arguments, <strong>one per line</strong> (the first line is the program). It is
            run directly, never through a shell, so a title cannot run anything. Placeholders:{' '}
            <span className="mono">{'{path} {id} {title}'}</span>. Empty: none.
          </>
        }
        error={errors.postProcessCommand}
        hint={
          paths ? (
            'Blank lines are ignored'
          ) : (
            <PathHint setting="postProcessCommand" value={`'["/usr/local/bin/after-rec","{path}"]'`} />
          )
        }
      >
        {(control) => (
          <textarea
            {...control}
            className="mono command-field"
            rows={3}
            spellCheck={false}
            wrap="off"
            placeholder={'/usr/local/bin/after-rec\n{path}\n--title={title}'}
            readOnly={!paths}
            value={form.postProcessCommand}
            onChange={(e) => set('postProcessCommand', e.target.value)}
          />
        )}
      </SettingRow>
      <SettingRow
        label="Command time limit"
        description="Stopped after this."
        error={errors.postProcessTimeout}
        hint="Minutes, or 90s, 1h30m"
      >
        {(control) => (
          <input
            {...control}
            className="narrow"
            type="text"
            value={form.postProcessTimeout}
            onChange={(e) => set('postProcessTimeout', e.target.value)}
          />
        )}
      </SettingRow>
      <SettingRow
        label="Where segments are written"
        description="While recording: on this computer (the data folder), or in the recordings folder. Local segments survive a share that drops out."
        error={errors.scratchSegments}
      >
        {(control) => (
          <select
            {...control}
            value={form.scratchSegments}
            onChange={(e) => set('scratchSegments', e.target.value as ScratchChoice)}
          >
            {SCRATCH_CHOICES.map((c) => (
              <option key={c} value={c}>
                {SCRATCH_LABEL[c]}
              </option>
            ))}
          </select>
        )}
      </SettingRow>
      <StorageSummary />
    </section>
  );
}

export function ToggleRow({
  label,
  description,
  checked,
  onChange,
  disabled,
}: {
  label: string;
  description: string;
  checked: boolean;
  onChange: (on: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <div className="notification-row toggle-row">
      <div className="setting-text">
        <span className="setting-label">{label}</span>
        <span className="small muted">{description}</span>
      </div>
      <Switch checked={checked} onChange={onChange} label={label} disabled={disabled} />
    </div>
  );
}
