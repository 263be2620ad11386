// A series rule's fields: the title and how it matches, the channels, when (days, start window, zone),
// and the filters (length, categories, words in the description, new episodes, what counts as a repeat).
import { useId } from 'react';
import { MATCH_MODES, type DedupeMode, type MatchMode } from '../../../src-shared/domain-rules';
import { FormField } from '../sources/common/FormField';
import { Combobox } from './Combobox';
import { Chip, DaysPicker, ZoneSelect, type SectionProps } from './form-parts';
import { useLookup, useNameLookup } from './names';
import { guideChannelOf, searchChannels, searchGuideChannels } from './pickers';

const MATCH_LABEL: Record<MatchMode, string> = {
  exact: 'Is exactly',
  contains: 'Contains',
  prefix: 'Starts with',
  regex: 'Matches (regular expression)',
};

const DEDUPE_LABEL: Record<DedupeMode, string> = {
  episode: 'Each episode once',
  'once-per-day': 'At most once a day',
  'once-per-week': 'At most once a week',
  none: 'Every airing, repeats too',
};

export function SeriesWhat({ form, errors, set }: SectionProps) {
  return (
    <div className="form-grid title-grid">
      <FormField label="Title" error={errors.title} hint="Case, accents and punctuation do not matter.">
        {(control) => (
          <input
            {...control}
            type="text"
            value={form.title}
            onChange={(e) => set('title', e.target.value)}
            placeholder="Doctor Who"
            autoComplete="off"
          />
        )}
      </FormField>
      <FormField label="Match" error={errors.match}>
        {(control) => (
          <select {...control} value={form.match} onChange={(e) => set('match', e.target.value as MatchMode)}>
            {MATCH_MODES.map((m) => (
              <option key={m} value={m}>
                {MATCH_LABEL[m]}
              </option>
            ))}
          </select>
        )}
      </FormField>
    </div>
  );
}

export function SeriesChannels({ form, errors, set }: SectionProps) {
  const names = useNameLookup();
  useLookup(form.channelIds, form.guideChannel ? [form.guideChannel] : []);
  const legend = useId();
  return (
    <div className="stack">
      <fieldset className="radio-list" aria-labelledby={legend}>
        <span id={legend} className="visually-hidden">
          Which channels
        </span>
        {(
          [
            ['any', 'Any channel', 'Wherever the guide has it, except channels you turned off'],
            ['channels', 'These channels', 'Only the channels you pick (also if turned off)'],
            ['guide-channel', 'A guide channel', 'Every source’s channel that shows it (HD, SD, backup)'],
          ] as const
        ).map(([value, label, hint]) => (
          <label key={value} className="check">
            <input
              type="radio"
              name="scope"
              checked={form.scope === value}
              onChange={() => set('scope', value)}
            />
            <span>
              {label}
              <span className="hint">{hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {form.scope === 'channels' && (
        <FormField label="Channels" error={errors.scope} hint="Search by name or number.">
          {(control) => (
            <div className="stack picker">
              {form.channelIds.length > 0 && (
                <div className="chips">
                  {form.channelIds.map((id) => (
                    <Chip
                      key={id}
                      label={names.channel(id) ?? `Channel ${id}`}
                      onRemove={() =>
                        set(
                          'channelIds',
                          form.channelIds.filter((x) => x !== id),
                        )
                      }
                    />
                  ))}
                </div>
              )}
              <Combobox
                control={control}
                search={searchChannels}
                placeholder="Add a channel…"
                label="Channels"
                onPick={(o) => {
                  const id = Number(o.key);
                  if (!form.channelIds.includes(id)) set('channelIds', [...form.channelIds, id]);
                }}
              />
            </div>
          )}
        </FormField>
      )}
      {form.scope === 'guide-channel' && (
        <FormField
          label="Guide channel"
          error={errors.scope}
          hint="Search the guides’ channels by name or id."
        >
          {(control) => (
            <div className="stack picker">
              {form.guideChannel && (
                <div className="chips">
                  <Chip
                    label={
                      names.guideChannel(form.guideChannel.guideId, form.guideChannel.xmltvId) ??
                      form.guideChannel.xmltvId
                    }
                    onRemove={() => set('guideChannel', null)}
                  />
                </div>
              )}
              <Combobox
                control={control}
                search={searchGuideChannels}
                placeholder={form.guideChannel ? 'Choose another…' : 'Choose a guide channel…'}
                label="Guide channels"
                onPick={(o) => set('guideChannel', guideChannelOf(o))}
              />
            </div>
          )}
        </FormField>
      )}
    </div>
  );
}

export function SeriesWhen({ form, errors, set }: SectionProps) {
  const daysLabel = useId();
  return (
    <div className="stack">
      <div className="field">
        <span className="label" id={daysLabel}>
          Days it starts on
        </span>
        <DaysPicker days={form.days} onChange={(d) => set('days', d)} labelId={daysLabel} anyWhenEmpty />
        <span className={errors.days ? 'error' : 'hint'}>
          {errors.days ?? (form.days.length ? ' ' : 'Any day')}
        </span>
      </div>
      <div className="form-grid three">
        <FormField label="Starts at or after" error={errors.after} hint="Empty: any time">
          {(control) => (
            <input
              {...control}
              type="time"
              value={form.after}
              onChange={(e) => set('after', e.target.value)}
            />
          )}
        </FormField>
        <FormField label="Starts before" error={errors.before} hint="Past midnight works: 22:00 to 02:00">
          {(control) => (
            <input
              {...control}
              type="time"
              value={form.before}
              onChange={(e) => set('before', e.target.value)}
            />
          )}
        </FormField>
        <FormField label="Time zone" error={errors.tz} hint="Of the days and times">
          {(control) => <ZoneSelect control={control} value={form.tz} onChange={(tz) => set('tz', tz)} />}
        </FormField>
      </div>
    </div>
  );
}

export function SeriesFilters({ form, errors, set }: SectionProps) {
  return (
    <div className="stack">
      <div className="form-grid two">
        <FormField label="At least" error={errors.minDuration} hint="Minutes; skips short trailers">
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              max={1440}
              value={form.minDuration}
              onChange={(e) => set('minDuration', e.target.value)}
            />
          )}
        </FormField>
        <FormField label="At most" error={errors.maxDuration} hint="Minutes">
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              max={1440}
              value={form.maxDuration}
              onChange={(e) => set('maxDuration', e.target.value)}
            />
          )}
        </FormField>
      </div>
      <div className="form-grid two">
        <FormField label="Categories" error={errors.categories} hint="Any of them; separate with commas">
          {(control) => (
            <input
              {...control}
              type="text"
              placeholder="Drama, Sci-fi"
              value={form.categories}
              onChange={(e) => set('categories', e.target.value)}
            />
          )}
        </FormField>
        <FormField
          label="Description mentions"
          error={errors.keywords}
          hint="All of these words; commas between"
        >
          {(control) => (
            <input
              {...control}
              type="text"
              placeholder="Dalek"
              value={form.keywords}
              onChange={(e) => set('keywords', e.target.value)}
            />
          )}
        </FormField>
      </div>
      <label className="check">
        <input type="checkbox" checked={form.newOnly} onChange={(e) => set('newOnly', e.target.checked)} />
        <span>
          New episodes only
          <span className="hint">Skips airings the guide marks as repeats.</span>
        </span>
      </label>
      <label className={`check nested${form.newOnly ? '' : ' disabled'}`}>
        <input
          type="checkbox"
          checked={form.untaggedIsNew}
          disabled={!form.newOnly}
          onChange={(e) => set('untaggedIsNew', e.target.checked)}
        />
        <span>
          Count untagged airings as new
          <span className="hint">For guides that mark only repeats.</span>
        </span>
      </label>
      <FormField label="Repeats" error={errors.dedupe} hint="What counts as already recorded">
        {(control) => (
          <select
            {...control}
            value={form.dedupe}
            onChange={(e) => set('dedupe', e.target.value as DedupeMode)}
          >
            {(Object.keys(DEDUPE_LABEL) as DedupeMode[]).map((d) => (
              <option key={d} value={d}>
                {DEDUPE_LABEL[d]}
              </option>
            ))}
          </select>
        )}
      </FormField>
    </div>
  );
}
