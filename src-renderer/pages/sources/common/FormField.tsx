// A labelled field with its hint and its error in words, wired for screen readers (aria-describedby,
// aria-invalid). The control is given as a function of its id, so any input fits.
import { useId, type ReactNode } from 'react';

export interface ControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean | undefined;
}

export function FormField({
  label,
  hint,
  error,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  children: (props: ControlProps) => ReactNode;
  className?: string;
}) {
  const id = useId();
  const hintId = hint && !error ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const described = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': described, 'aria-invalid': error ? true : undefined })}
      {error ? (
        <span className="error" id={errorId}>
          {error}
        </span>
      ) : (
        hint && (
          <span className="hint" id={hintId}>
            {hint}
          </span>
        )
      )}
    </div>
  );
}

/** A whole number typed into a field: null when empty, NaN when it is not one. */
export function parseWhole(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  return /^[-+]?\d+$/.test(t) ? Number(t) : Number.NaN;
}
