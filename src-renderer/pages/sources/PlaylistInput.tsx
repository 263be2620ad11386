// A playlist or guide location: a URL (or, in the desktop app, a path) typed in, or a file chosen on
// this computer, which is uploaded to the core when the dialog is submitted.
import { FileText, Upload, X } from 'lucide-react';
import { useRef } from 'react';
import { formatBytes } from '../../ui/format';
import { canUpload } from './common/upload';
import type { ControlProps } from './common/FormField';

export function LocationInput({
  value,
  onChange,
  file,
  onFile,
  placeholder,
  accept,
  control,
  disabled,
}: {
  value: string;
  onChange: (value: string) => void;
  file: File | null;
  onFile: (file: File | null) => void;
  placeholder: string;
  accept: string;
  control: ControlProps;
  disabled?: boolean;
}) {
  const picker = useRef<HTMLInputElement>(null);
  const uploads = canUpload();
  if (file) {
    return (
      <div className="file-chip" id={control.id} aria-describedby={control['aria-describedby']}>
        <FileText size={16} aria-hidden="true" />
        <span className="truncate">{file.name}</span>
        <span className="muted small tabular">{formatBytes(file.size)}</span>
        <span className="spacer" />
        <button
          type="button"
          className="btn ghost small icon"
          onClick={() => onFile(null)}
          aria-label={`Remove ${file.name}`}
          disabled={disabled}
        >
          <X size={14} aria-hidden="true" />
        </button>
      </div>
    );
  }
  return (
    <div className="location-input">
      <input
        {...control}
        type="text"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
      />
      {uploads && (
        <>
          <input
            ref={picker}
            type="file"
            accept={accept}
            className="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              onFile(e.target.files?.[0] ?? null);
              e.target.value = '';
            }}
          />
          <button type="button" className="btn" onClick={() => picker.current?.click()} disabled={disabled}>
            <Upload size={16} aria-hidden="true" />
            Choose file…
          </button>
        </>
      )}
    </div>
  );
}
