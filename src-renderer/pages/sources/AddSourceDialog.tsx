// Adding a source: an M3U playlist (URL or a file from this computer), an Xtream Codes account or an
// HDHomeRun tuner, with its name, connection limit and refresh interval. The core imports it before
// answering; meanwhile the dialog shows the upload and the import as they go, and a failure (nothing
// is left behind) stays in the dialog to fix and try again.
import { useState, type FormEvent } from 'react';
import type { SourceInfo } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';
import { Dialog } from '../../ui/Dialog';
import { errorText, toast } from '../../ui/toast';
import { FormField } from './common/FormField';
import { uploadFile } from './common/upload';
import { count } from './describe';
import { LocationInput } from './PlaylistInput';
import { useSourcesData } from './sources-data';
import { addInput, emptyDraft, type AddKind, type DraftErrors, type SourceDraft } from './source-form';
import { SubmitProgress, type Step } from './SubmitProgress';

const KINDS: Array<{ kind: AddKind; label: string; hint: string }> = [
  { kind: 'm3u', label: 'M3U playlist', hint: 'A URL or a file' },
  { kind: 'xtream', label: 'Xtream Codes', hint: 'Server and login' },
  { kind: 'hdhomerun', label: 'HDHomeRun', hint: 'A tuner on your network' },
];

export function AddSourceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Add a source">
      {/* Mounted only while open: each opening starts from an empty form. */}
      {open && <AddSourceForm onClose={onClose} />}
    </Dialog>
  );
}

function AddSourceForm({ onClose }: { onClose: () => void }) {
  const [draft, setDraft] = useState<SourceDraft>(() => emptyDraft());
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const busy = step.kind === 'uploading' || step.kind === 'working';
  const set = <K extends keyof SourceDraft>(key: K, value: SourceDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };
  const pickKind = (kind: AddKind) => {
    // Keep what applies to every kind; the rest belongs to the kind that was chosen before.
    setDraft((d) => ({
      ...emptyDraft(kind),
      name: d.name,
      maxConnections: d.maxConnections,
      refreshHours: d.refreshHours,
    }));
    setErrors({});
    setFile(null);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    // With a file, check everything else first: no upload for a form that cannot be sent anyway.
    const checked = addInput(draft, file ? '/upload-placeholder' : undefined);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    let input = checked.input;
    const known = new Set(useSourcesData.getState().sources.map((s) => s.id));
    try {
      if (file && input.kind === 'm3u') {
        setStep({ kind: 'uploading', share: 0 });
        const stored = await uploadFile(file, (share) => setStep({ kind: 'uploading', share }));
        input = { ...input, location: stored.path };
      }
      setStep({ kind: 'working', known });
      const added: SourceInfo = await api().call('sources.add', input);
      toast.success(`Added ${added.name}: ${count(added.counts.live, 'channel')}`);
      onClose();
    } catch (error) {
      setStep({ kind: 'idle' });
      setErrors({ form: errorText(error) });
    }
  }

  return (
    <form className="source-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="segmented" disabled={busy}>
        <legend className="visually-hidden">Kind of source</legend>
        {KINDS.map((k) => (
          <label key={k.kind} className={draft.kind === k.kind ? 'selected' : ''}>
            <input
              type="radio"
              name="source-kind"
              value={k.kind}
              checked={draft.kind === k.kind}
              onChange={() => pickKind(k.kind)}
            />
            <span className="segmented-title">{k.label}</span>
            <span className="segmented-hint">{k.hint}</span>
          </label>
        ))}
      </fieldset>

      {draft.kind === 'm3u' && (
        <FormField
          label="Playlist"
          hint={
            file
              ? 'The file is uploaded to Tapedeck’s import folder when you add the source.'
              : 'An http(s) URL, or choose a playlist file (.m3u, .m3u8, also gzipped).'
          }
          error={errors.location}
        >
          {(control) => (
            <LocationInput
              value={draft.location}
              onChange={(v) => set('location', v)}
              file={file}
              onFile={(f) => {
                setFile(f);
                setErrors((e) => ({ ...e, location: undefined, form: undefined }));
              }}
              placeholder="http://provider.example/playlist.m3u"
              accept=".m3u,.m3u8,.txt,.gz,audio/x-mpegurl,application/x-mpegurl"
              control={control}
              disabled={busy}
            />
          )}
        </FormField>
      )}

      {draft.kind === 'xtream' && (
        <>
          <FormField
            label="Server"
            hint="The address your provider gave, with its port."
            error={errors.server}
          >
            {(control) => (
              <input
                {...control}
                type="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="http://provider.example:8080"
                value={draft.server}
                onChange={(e) => set('server', e.target.value)}
                disabled={busy}
              />
            )}
          </FormField>
          <div className="form-grid two">
            <FormField label="Username" error={errors.username}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  autoComplete="username"
                  spellCheck={false}
                  value={draft.username}
                  onChange={(e) => set('username', e.target.value)}
                  disabled={busy}
                />
              )}
            </FormField>
            <FormField label="Password" error={errors.password} hint="Kept encrypted; never shown again.">
              {(control) => (
                <input
                  {...control}
                  type="password"
                  autoComplete="current-password"
                  value={draft.password}
                  onChange={(e) => set('password', e.target.value)}
                  disabled={busy}
                />
              )}
            </FormField>
          </div>
        </>
      )}

      {draft.kind === 'hdhomerun' && (
        <FormField
          label="Device address"
          hint="Its IP address or host name, as shown in the HDHomeRun app."
          error={errors.address}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder="192.168.1.20"
              value={draft.address}
              onChange={(e) => set('address', e.target.value)}
              disabled={busy}
            />
          )}
        </FormField>
      )}

      <div className="form-grid three">
        <FormField label="Name" hint="Optional" error={errors.name}>
          {(control) => (
            <input
              {...control}
              type="text"
              placeholder={draft.kind === 'hdhomerun' ? 'HDHomeRun' : 'From the address'}
              value={draft.name}
              onChange={(e) => set('name', e.target.value)}
              disabled={busy}
            />
          )}
        </FormField>
        <FormField
          label="Connection limit"
          hint={
            draft.kind === 'm3u'
              ? 'Empty: no limit'
              : draft.kind === 'xtream'
                ? 'Empty: the account’s'
                : 'Empty: its tuners'
          }
          error={errors.maxConnections}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              max={1000}
              value={draft.maxConnections}
              onChange={(e) => set('maxConnections', e.target.value)}
              disabled={busy}
            />
          )}
        </FormField>
        <FormField label="Refresh every" hint="Hours (24: daily)" error={errors.refreshHours}>
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              max={720}
              value={draft.refreshHours}
              onChange={(e) => set('refreshHours', e.target.value)}
              disabled={busy}
            />
          )}
        </FormField>
      </div>

      {draft.kind !== 'hdhomerun' && (
        <label className="check">
          <input
            type="checkbox"
            checked={draft.addGuides}
            onChange={(e) => set('addGuides', e.target.checked)}
            disabled={busy}
          />
          <span>
            {draft.kind === 'm3u'
              ? 'Also add the guides the playlist offers'
              : 'Also add the provider’s guide'}
            <span className="hint">
              {draft.kind === 'm3u'
                ? 'Off: they are listed on the source, to add when you choose.'
                : 'The account’s own XMLTV guide, refreshed with the source.'}
            </span>
          </span>
        </label>
      )}

      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="dialog-footer">
        <SubmitProgress step={step} target="source" />
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy} aria-busy={busy}>
            {busy && <span className="spinner on-accent" aria-hidden="true" />}
            {busy ? 'Adding…' : 'Add source'}
          </button>
        </div>
      </div>
    </form>
  );
}
