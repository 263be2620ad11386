// Small parts of the rule editor: the day picker, the time-zone select, chosen channels as chips, and
// the props every section takes.
import { X } from 'lucide-react';
import { useMemo } from 'react';
import { WEEKDAYS, type Weekday } from '../../../src-shared/domain-rules';
import type { ControlProps } from '../sources/common/FormField';
import type { FormErrors, RuleForm } from './rule-form';

export interface SectionProps {
  form: RuleForm;
  errors: FormErrors;
  set: <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => void;
}

const DAY_LABEL: Record<Weekday, [string, string]> = {
  mon: ['Mo', 'Monday'],
  tue: ['Tu', 'Tuesday'],
  wed: ['We', 'Wednesday'],
  thu: ['Th', 'Thursday'],
  fri: ['Fr', 'Friday'],
  sat: ['Sa', 'Saturday'],
  sun: ['Su', 'Sunday'],
};

/** Seven toggle buttons and shortcuts (every day, weekdays, weekends). */
export function DaysPicker({
  days,
  onChange,
  labelId,
  anyWhenEmpty,
}: {
  days: Weekday[];
  onChange: (days: Weekday[]) => void;
  labelId: string;
  /** Series rules: no day chosen means any day. */
  anyWhenEmpty?: boolean;
}) {
  const flip = (d: Weekday) => onChange(days.includes(d) ? days.filter((x) => x !== d) : [...days, d]);
  const preset = (list: Weekday[]) => onChange(list);
  return (
    <div className="days" role="group" aria-labelledby={labelId}>
      <div className="days-buttons">
        {WEEKDAYS.map((d) => (
          <button
            key={d}
            type="button"
            className={`day${days.includes(d) ? ' on' : ''}`}
            aria-pressed={days.includes(d)}
            aria-label={DAY_LABEL[d][1]}
            onClick={() => flip(d)}
          >
            {DAY_LABEL[d][0]}
          </button>
        ))}
      </div>
      <div className="days-presets">
        <button
          type="button"
          className="btn ghost small"
          onClick={() => preset(anyWhenEmpty ? [] : [...WEEKDAYS])}
        >
          {anyWhenEmpty ? 'Any day' : 'Every day'}
        </button>
        <button
          type="button"
          className="btn ghost small"
          onClick={() => preset(['mon', 'tue', 'wed', 'thu', 'fri'])}
        >
          Weekdays
        </button>
        <button type="button" className="btn ghost small" onClick={() => preset(['sat', 'sun'])}>
          Weekends
        </button>
      </div>
    </div>
  );
}

const here = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every zone the browser knows; the default (empty) is the settings' zone, else this computer's. */
export function ZoneSelect({
  value,
  onChange,
  control,
  defaultLabel = 'As in Settings',
}: {
  value: string;
  onChange: (tz: string) => void;
  control: ControlProps;
  /** What the empty choice means where the select is used. */
  defaultLabel?: string;
}) {
  const zones = useMemo(() => {
    const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    const all = new Set([...list, 'UTC', here]);
    if (value) all.add(value);
    return [...all].sort();
  }, [value]);
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{defaultLabel}</option>
      {zones.map((z) => (
        <option key={z} value={z}>
          {z.replace(/_/g, ' ')}
        </option>
      ))}
    </select>
  );
}

export function Chip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <span className="chip">
      <span className="truncate">{label}</span>
      <button type="button" className="chip-remove" onClick={onRemove} aria-label={`Remove ${label}`}>
        <X size={12} aria-hidden="true" />
      </button>
    </span>
  );
}
