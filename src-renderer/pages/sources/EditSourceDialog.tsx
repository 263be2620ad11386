// Editing a source: its name, where it comes from (playlist URL, device address, Xtream server and
// login), its connection limit and connection group, and how often it refreshes. Only what changed is
// sent; a new location is checked by the core before it is kept.
import { useState, type FormEvent } from 'react';
import type { SourceInfo } from '../../../src-shared/domain-sources';
import { api } from '../../state/connection';
import { Dialog } from '../../ui/Dialog';
import { errorText, toast } from '../../ui/toast';
import { FormField, type ControlProps } from './common/FormField';
import { KIND_LABEL } from './describe';
import { draftOf, updateInput, type DraftErrors, type SourceDraft } from './source-form';

export function EditSourceDialog({ source, onClose }: { source: SourceInfo | null; onClose: () => void }) {
  return (
    <Dialog open={source !== null} onClose={onClose} title={source ? `Edit ${source.name}` : 'Edit source'}>
      {source && <EditSourceForm source={source} onClose={onClose} />}
    </Dialog>
  );
}

function providerLimit(source: SourceInfo): string {
  if (source.kind === 'xtream') {
    const n = source.account?.maxConnections;
    return n ? `Empty: the account’s ${n}` : 'Empty: the account’s';
  }
  if (source.kind === 'hdhomerun') {
    const n = source.device?.tunerCount;
    return n ? `Empty: its ${n} tuners` : 'Empty: its tuners';
  }
  return 'Empty: no limit';
}

function EditSourceForm({ source, onClose }: { source: SourceInfo; onClose: () => void }) {
  const [draft, setDraft] = useState<SourceDraft>(() => draftOf(source));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (key: keyof SourceDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = updateInput(source, draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    if (Object.keys(checked.input).length === 1) {
      onClose(); // nothing changed
      return;
    }
    setBusy(true);
    try {
      const saved = await api().call('sources.update', checked.input);
      toast.success(`Saved ${saved.name}`);
      onClose();
    } catch (error) {
      setErrors({ form: errorText(error) });
    } finally {
      setBusy(false);
    }
  }
  const text = (
    key: keyof SourceDraft,
    props: { type?: string; autoComplete?: string; placeholder?: string } = {},
  ) =>
    function control(props2: ControlProps) {
      return (
        <input
          {...props2}
          type={props.type ?? 'text'}
          autoComplete={props.autoComplete ?? 'off'}
          spellCheck={false}
          placeholder={props.placeholder}
          value={String(draft[key])}
          onChange={(e) => set(key, e.target.value)}
          disabled={busy}
        />
      );
    };
  return (
    <form className="source-form" onSubmit={(e) => void submit(e)} noValidate>
      <p className="muted small">{KIND_LABEL[source.kind]}</p>
      <FormField label="Name" error={errors.name}>
        {text('name')}
      </FormField>
      {draft.kind === 'm3u' && (
        <FormField
          label="Playlist URL or path"
          hint="Channels keep their recordings and rules when the address changes."
          error={errors.location}
        >
          {text('location')}
        </FormField>
      )}
      {draft.kind === 'hdhomerun' && (
        <FormField label="Device address" error={errors.address}>
          {text('address')}
        </FormField>
      )}
      {draft.kind === 'xtream' && (
        <>
          <FormField label="Server" error={errors.server}>
            {text('server', { type: 'url' })}
          </FormField>
          <div className="form-grid two">
            <FormField label="New username" hint="Empty: keep the current login" error={errors.username}>
              {text('username', { autoComplete: 'username' })}
            </FormField>
            <FormField label="New password" hint="Empty: keep the current one" error={errors.password}>
              {text('password', { type: 'password', autoComplete: 'new-password' })}
            </FormField>
          </div>
        </>
      )}
      <div className="form-grid three">
        <FormField label="Connection limit" hint={providerLimit(source)} error={errors.maxConnections}>
          {text('maxConnections', { type: 'number' })}
        </FormField>
        <FormField
          label="Connection group"
          hint="Sources with the same group share one limit"
          error={errors.connectionGroup}
        >
          {text('connectionGroup', { placeholder: 'None' })}
        </FormField>
        <FormField label="Refresh every" hint="Hours (24: daily)" error={errors.refreshHours}>
          {text('refreshHours', { type: 'number' })}
        </FormField>
      </div>
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
