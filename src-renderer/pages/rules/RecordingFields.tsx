// What every rule has: its name, priority, padding (negative allowed), how many recordings to keep and
// the file container. Empty fields take the settings' defaults.
import { CONTAINERS, type Container } from '../../../src-shared/domain';
import { FormField } from '../sources/common/FormField';
import type { SectionProps } from './form-parts';

const CONTAINER_LABEL: Record<Container, string> = {
  ts: 'MPEG-TS (.ts): safest while recording',
  mkv: 'Matroska (.mkv)',
  mp4: 'MP4 (.mp4): plays everywhere',
};

export function RecordingFields({ form, errors, set }: SectionProps) {
  return (
    <div className="stack">
      <div className="form-grid two">
        <FormField
          label="Name"
          error={errors.name}
          hint="Empty: the programme’s title as the guide has it, or the channel"
        >
          {(control) => (
            <input {...control} type="text" value={form.name} onChange={(e) => set('name', e.target.value)} />
          )}
        </FormField>
        <FormField
          label="Priority"
          error={errors.priority}
          hint="Higher wins when connections run short; one-off recordings are 100"
        >
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={-1000}
              max={1000}
              value={form.priority}
              onChange={(e) => set('priority', e.target.value)}
            />
          )}
        </FormField>
      </div>
      <div className="form-grid two">
        <FormField
          label="Start early by"
          error={errors.padBefore}
          hint="Minutes (or 90s); negative starts late. Empty: default"
        >
          {(control) => (
            <input
              {...control}
              type="text"
              inputMode="numeric"
              placeholder="Default"
              value={form.padBefore}
              onChange={(e) => set('padBefore', e.target.value)}
            />
          )}
        </FormField>
        <FormField
          label="End late by"
          error={errors.padAfter}
          hint="Minutes (or 90s); negative ends early. Empty: default"
        >
          {(control) => (
            <input
              {...control}
              type="text"
              inputMode="numeric"
              placeholder="Default"
              value={form.padAfter}
              onChange={(e) => set('padAfter', e.target.value)}
            />
          )}
        </FormField>
      </div>
      <div className="form-grid two">
        <FormField
          label="Keep the last"
          error={errors.keepLast}
          hint="Recordings; older ones are deleted. Empty: all"
        >
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              placeholder="All"
              value={form.keepLast}
              onChange={(e) => set('keepLast', e.target.value)}
            />
          )}
        </FormField>
        <FormField label="File format" error={errors.container}>
          {(control) => (
            <select
              {...control}
              value={form.container}
              onChange={(e) => set('container', e.target.value as RecordingFieldsContainer)}
            >
              <option value="">Default (from the settings)</option>
              {CONTAINERS.map((c) => (
                <option key={c} value={c}>
                  {CONTAINER_LABEL[c]}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
    </div>
  );
}

type RecordingFieldsContainer = '' | Container;
