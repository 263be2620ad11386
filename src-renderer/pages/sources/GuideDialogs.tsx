// Adding an XMLTV guide (a URL, or a file from this computer) and editing one (name, location, time
// offset, refresh interval). Adding imports it before the core answers; the dialog shows how far it is.
import { useState, type FormEvent } from 'react';
import type { GuideInfo } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';
import { Dialog } from '../../ui/Dialog';
import { errorText, toast } from '../../ui/toast';
import { FormField } from './common/FormField';
import { uploadFile } from './common/upload';
import { count } from './describe';
import {
  addGuideInput,
  emptyGuide,
  guideDraftOf,
  updateGuideInput,
  type GuideDraft,
  type GuideErrors,
} from './guide-form';
import { LocationInput } from './PlaylistInput';
import { useSourcesData } from './sources-data';
import { SubmitProgress, type Step } from './SubmitProgress';

export function AddGuideDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Add a guide">
      {open && <AddGuideForm onClose={onClose} />}
    </Dialog>
  );
}

function AddGuideForm({ onClose }: { onClose: () => void }) {
  const [draft, setDraft] = useState<GuideDraft>(emptyGuide);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<GuideErrors>({});
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const busy = step.kind !== 'idle';
  const set = (key: keyof GuideDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const checked = addGuideInput(draft, file ? '/upload-placeholder' : undefined);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    let input = checked.input;
    const known = new Set(useSourcesData.getState().guides.map((g) => g.id));
    try {
      if (file) {
        setStep({ kind: 'uploading', share: 0 });
        const stored = await uploadFile(file, (share) => setStep({ kind: 'uploading', share }));
        input = { ...input, location: stored.path };
      }
      setStep({ kind: 'working', known });
      const added = await api().call('guides.add', input);
      toast.success(
        `Added ${added.name}: ${count(added.channelCount, 'channel')}, ${count(added.programmeCount, 'programme')}`,
      );
      onClose();
    } catch (error) {
      setStep({ kind: 'idle' });
      setErrors({ form: errorText(error) });
    }
  }

  return (
    <form className="source-form" onSubmit={(e) => void submit(e)} noValidate>
      <FormField
        label="XMLTV guide"
        hint={
          file
            ? 'The file is uploaded to Tapedeck’s import folder when you add the guide.'
            : 'An http(s) URL, or choose an XMLTV file (.xml, also gzipped).'
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
            placeholder="http://epg.example/guide.xml.gz"
            accept=".xml,.xmltv,.gz,text/xml,application/xml"
            control={control}
            disabled={busy}
          />
        )}
      </FormField>
      <GuideFields draft={draft} errors={errors} set={set} busy={busy} nameOptional />
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="dialog-footer">
        <SubmitProgress step={step} target="guide" />
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy} aria-busy={busy}>
            {busy && <span className="spinner on-accent" aria-hidden="true" />}
            {busy ? 'Adding…' : 'Add guide'}
          </button>
        </div>
      </div>
    </form>
  );
}

function GuideFields({
  draft,
  errors,
  set,
  busy,
  nameOptional,
}: {
  draft: GuideDraft;
  errors: GuideErrors;
  set: (key: keyof GuideDraft, value: string) => void;
  busy: boolean;
  nameOptional?: boolean;
}) {
  return (
    <div className="form-grid three">
      <FormField label="Name" hint={nameOptional ? 'Optional' : undefined} error={errors.name}>
        {(control) => (
          <input
            {...control}
            type="text"
            placeholder={nameOptional ? 'From the address' : undefined}
            value={draft.name}
            onChange={(e) => set('name', e.target.value)}
            disabled={busy}
          />
        )}
      </FormField>
      <FormField label="Time offset" hint="Hours, for a guide that is off" error={errors.offsetHours}>
        {(control) => (
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={-23}
            max={23}
            step={1}
            value={draft.offsetHours}
            onChange={(e) => set('offsetHours', e.target.value)}
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
  );
}

export function EditGuideDialog({ guide, onClose }: { guide: GuideInfo | null; onClose: () => void }) {
  return (
    <Dialog open={guide !== null} onClose={onClose} title={guide ? `Edit ${guide.name}` : 'Edit guide'}>
      {guide && <EditGuideForm guide={guide} onClose={onClose} />}
    </Dialog>
  );
}

function EditGuideForm({ guide, onClose }: { guide: GuideInfo; onClose: () => void }) {
  const [draft, setDraft] = useState<GuideDraft>(() => guideDraftOf(guide));
  const [errors, setErrors] = useState<GuideErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (key: keyof GuideDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = updateGuideInput(guide, draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setBusy(true);
    try {
      await api().call('guides.update', checked.input);
      toast.success(`Saved ${draft.name.trim()}`);
      onClose();
    } catch (error) {
      setErrors({ form: errorText(error) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="source-form" onSubmit={(e) => void submit(e)} noValidate>
      <FormField
        label="Location"
        hint="A new URL or path is read at the next refresh; its channels keep their recordings."
        error={errors.location}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            spellCheck={false}
            value={draft.location}
            onChange={(e) => set('location', e.target.value)}
            disabled={busy}
          />
        )}
      </FormField>
      <GuideFields draft={draft} errors={errors} set={set} busy={busy} />
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="btn primary" disabled={busy} aria-busy={busy}>
          {busy && <span className="spinner on-accent" aria-hidden="true" />}
          Save
        </button>
      </div>
    </form>
  );
}
