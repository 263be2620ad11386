// Library: how finished recordings are named under the recordings folder (a template per kind of
// programme, with the default and a live example), which files go beside them, and the address .strm
// files point at. docs/library.md says what each does.
import { LIBRARY_DEFAULTS, SIDECARS, type Sidecar } from '../../../src-shared/settings-library';
import { TEMPLATE_FIELDS } from '../../../src-shared/naming-template';
import { Switch } from '../sources/common/Switch';
import { exampleName, PLAIN_TEMPLATE, type NamingKind } from './naming-example';
import type { SectionProps } from './RecordingSections';
import type { SettingsForm } from './settings-form';
import { SettingRow } from './SettingRow';

const TEMPLATE_ROWS: Array<
  [Exclude<NamingKind, 'plain'>, 'namingSeries' | 'namingEpisode' | 'namingMovie', string, string]
> = [
  ['series', 'namingSeries', 'Series', 'Programmes the guide gives a season and episode.'],
  [
    'episode',
    'namingEpisode',
    'Episodes without numbers',
    'Guide programmes without season or episode (news, talk shows).',
  ],
  ['movie', 'namingMovie', 'Films', 'A Movie or Film category, or a rule that says so.'],
];

const SIDECAR_TEXT: Record<Sidecar, [string, string]> = {
  nfo: ['NFO metadata', 'Title, episode, plot and genre for Kodi, Jellyfin and Emby (needs guide data).'],
  image: ['Image', 'The guide’s picture, else a frame from the recording.'],
  strm: ['STRM link', 'A .strm file that streams from this Tapedeck, for media servers on other machines.'],
  healthJson: ['Health report', 'A .health.json with what was captured, its gaps and segments.'],
};

export function LibrarySection({ form, errors, set }: Pick<SectionProps, 'form' | 'errors' | 'set'>) {
  return (
    <section className="card settings-section" aria-labelledby="library-title">
      <header>
        <h2 id="library-title">Library</h2>
        <span className="muted small">Names the next recordings; files already written stay put</span>
      </header>
      <p className="small muted template-help">
        Fields: {TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}.{' '}
        <span className="mono">{'{season:02}'}</span> pads with zeros, <span className="mono">[ … ]</span> is
        left out when its field is empty, and <span className="mono">/</span> makes a folder. The extension is
        added.
      </p>
      {TEMPLATE_ROWS.map(([kind, key, label, description]) => (
        <TemplateRow
          key={key}
          kind={kind}
          field={key}
          label={label}
          description={description}
          form={form}
          error={errors[key]}
          set={set}
        />
      ))}
      <SettingRow
        label="Without guide data"
        description="URL and by-time recordings. Fixed."
        labelFor={false}
      >
        {() => (
          <div className="template-fixed">
            <span className="mono small">{PLAIN_TEMPLATE}</span>
            <span className="small muted template-example">
              Example: <span className="mono">{exampleName('plain', PLAIN_TEMPLATE, form.container)}</span>
            </span>
          </div>
        )}
      </SettingRow>

      <h3 className="setting-subtitle">Files beside each recording</h3>
      <ul className="list notification-list">
        {SIDECARS.map((kind) => (
          <li key={kind} className="notification-row">
            <div className="setting-text">
              <span className="setting-label">{SIDECAR_TEXT[kind][0]}</span>
              <span className="small muted">{SIDECAR_TEXT[kind][1]}</span>
            </div>
            <Switch
              checked={form.sidecars[kind]}
              onChange={(on) => set('sidecars', { ...form.sidecars, [kind]: on })}
              label={`Write ${SIDECAR_TEXT[kind][0]} files`}
            />
          </li>
        ))}
      </ul>
      <SettingRow
        label="Address for STRM links"
        description="How media servers on other machines reach this Tapedeck; each .strm holds it and a media token."
        error={errors.strmBaseUrl}
        hint={form.sidecars.strm ? 'Such as http://nas.local:8765' : 'Used only with STRM links on'}
      >
        {(control) => (
          <input
            {...control}
            type="url"
            spellCheck={false}
            placeholder="http://nas.local:8765"
            value={form.strmBaseUrl}
            onChange={(e) => set('strmBaseUrl', e.target.value)}
          />
        )}
      </SettingRow>
    </section>
  );
}

function TemplateRow({
  kind,
  field,
  label,
  description,
  form,
  error,
  set,
}: {
  kind: Exclude<NamingKind, 'plain'>;
  field: 'namingSeries' | 'namingEpisode' | 'namingMovie';
  label: string;
  description: string;
  form: SettingsForm;
  error: string | undefined;
  set: SectionProps['set'];
}) {
  const fallback = LIBRARY_DEFAULTS.naming[kind];
  const value = form[field];
  const example = exampleName(kind, value, form.container);
  return (
    <SettingRow
      label={label}
      description={
        <>
          {description} Default: <span className="mono">{fallback}</span>
        </>
      }
      error={error}
      hint={
        example ? (
          <span className="template-example">
            Example: <span className="mono">{example}</span>
          </span>
        ) : undefined
      }
    >
      {(control) => (
        <div className="template-field">
          <input
            {...control}
            className="mono"
            type="text"
            spellCheck={false}
            value={value}
            onChange={(e) => set(field, e.target.value)}
          />
          {value !== fallback && (
            <button type="button" className="btn small" onClick={() => set(field, fallback)}>
              Use the default
            </button>
          )}
        </div>
      )}
    </SettingRow>
  );
}
