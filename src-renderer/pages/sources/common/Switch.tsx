// An on/off switch (a button with role="switch"): one click or Space flips it, and it says whether it
// is on to a screen reader. While `busy` it cannot be flipped again.
export function Switch({
  checked,
  onChange,
  label,
  busy,
  disabled,
  showLabel,
}: {
  checked: boolean;
  onChange: (next: boolean) => void;
  label: string;
  busy?: boolean;
  disabled?: boolean;
  /** Show the label beside the switch (else it is only for screen readers). */
  showLabel?: boolean;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-busy={busy || undefined}
      aria-label={showLabel ? undefined : label}
      className={`switch${busy ? ' busy' : ''}`}
      disabled={disabled || busy}
      onClick={() => onChange(!checked)}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      {showLabel && <span className="switch-label">{label}</span>}
    </button>
  );
}
