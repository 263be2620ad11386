// One setting: what it is and what it does on the left, its control on the right (stacked on phones),
// its error or hint under the control.
import { useId, type ReactNode } from 'react';
import type { ControlProps } from '../sources/common/FormField';

export function SettingRow({
  label,
  description,
  error,
  hint,
  children,
  labelFor = true,
}: {
  label: string;
  description?: ReactNode;
  error?: string;
  hint?: ReactNode;
  /** The control's props (spread them on the input), and the label's id for a group's aria-labelledby. */
  children: (control: ControlProps, labelId: string) => ReactNode;
  /** false: the control is a group (labelled by aria-labelledby), not one field. */
  labelFor?: boolean;
}) {
  const id = useId();
  const labelId = `${id}-label`;
  const descId = `${id}-desc`;
  const noteId = `${id}-note`;
  const describedBy =
    [description ? descId : null, error || hint ? noteId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="setting-row">
      <div className="setting-text">
        {labelFor ? (
          <label htmlFor={id} id={labelId} className="setting-label">
            {label}
          </label>
        ) : (
          <span id={labelId} className="setting-label">
            {label}
          </span>
        )}
        {description && (
          <p id={descId} className="small muted">
            {description}
          </p>
        )}
      </div>
      <div className="setting-control">
        {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined }, labelId)}
        <span id={noteId} className={error ? 'setting-note error' : 'setting-note'}>
          {error ?? hint ?? ''}
        </span>
      </div>
    </div>
  );
}
