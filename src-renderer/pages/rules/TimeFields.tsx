// A time rule's fields: the channel, the days, the start and how long, the zone, the dates it runs
// between, and the recordings' title.
import { useId } from 'react';
import { FormField } from '../sources/common/FormField';
import { Combobox } from './Combobox';
import { Chip, DaysPicker, ZoneSelect, type SectionProps } from './form-parts';
import { useLookup, useNameLookup } from './names';
import { searchChannels } from './pickers';
import { minutesText } from './rule-summary';
import { parseDuration } from '../../../src-shared/time-input';

function durationHint(text: string): string {
  try {
    const ms = parseDuration(text);
    return ms > 0 ? `${minutesText(Math.round(ms / 60_000))} each time` : 'Minutes, or 1h30m';
  } catch {
    return 'Minutes, or 1h30m';
  }
}

export function TimeWhat({ form, errors, set }: SectionProps) {
  const names = useNameLookup();
  useLookup(form.channelId !== null ? [form.channelId] : [], []);
  const daysLabel = useId();
  return (
    <div className="stack">
      <FormField label="Channel" error={errors.channelId} hint="Search by name or number.">
        {(control) => (
          <div className="stack picker">
            {form.channelId !== null && (
              <div className="chips">
                <Chip
                  label={names.channel(form.channelId) ?? `Channel ${form.channelId}`}
                  onRemove={() => set('channelId', null)}
                />
              </div>
            )}
            <Combobox
              control={control}
              search={searchChannels}
              placeholder={form.channelId === null ? 'Choose a channel…' : 'Choose another…'}
              label="Channels"
              onPick={(o) => set('channelId', Number(o.key))}
            />
          </div>
        )}
      </FormField>
      <div className="field">
        <span className="label" id={daysLabel}>
          Days
        </span>
        <DaysPicker days={form.days} onChange={(d) => set('days', d)} labelId={daysLabel} />
        <span className={errors.days ? 'error' : 'hint'}>{errors.days ?? ' '}</span>
      </div>
      <div className="form-grid three">
        <FormField label="Starts at" error={errors.at} hint="Wall-clock time; stays put across DST">
          {(control) => (
            <input {...control} type="time" value={form.at} onChange={(e) => set('at', e.target.value)} />
          )}
        </FormField>
        <FormField label="Records for" error={errors.duration} hint={durationHint(form.duration)}>
          {(control) => (
            <input
              {...control}
              type="text"
              inputMode="numeric"
              placeholder="60"
              value={form.duration}
              onChange={(e) => set('duration', e.target.value)}
            />
          )}
        </FormField>
        <FormField label="Time zone" error={errors.tz} hint="Of the start time">
          {(control) => <ZoneSelect control={control} value={form.tz} onChange={(tz) => set('tz', tz)} />}
        </FormField>
      </div>
    </div>
  );
}

export function TimeMore({ form, errors, set }: SectionProps) {
  return (
    <div className="stack">
      <div className="form-grid two">
        <FormField label="First day" error={errors.from} hint="Empty: from today">
          {(control) => (
            <input {...control} type="date" value={form.from} onChange={(e) => set('from', e.target.value)} />
          )}
        </FormField>
        <FormField label="Last day" error={errors.until} hint="Empty: no end">
          {(control) => (
            <input
              {...control}
              type="date"
              value={form.until}
              onChange={(e) => set('until', e.target.value)}
            />
          )}
        </FormField>
      </div>
      <FormField
        label="Recordings’ title"
        error={errors.timeTitle}
        hint="Empty: the guide’s title at that time, else the channel and time"
      >
        {(control) => (
          <input
            {...control}
            type="text"
            value={form.timeTitle}
            onChange={(e) => set('timeTitle', e.target.value)}
            placeholder="Evening news"
          />
        )}
      </FormField>
    </div>
  );
}
