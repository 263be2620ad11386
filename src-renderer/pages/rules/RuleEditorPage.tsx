// The rule editor (/rules/new, /rules/:id): a series or time rule with every option of the contract,
// the rule in one sentence as it is typed, and a live preview of what it would record and skip over
// 14 days, with reasons. New rules can be prefilled from the address (the Guide links here:
// ?kind=series&title=X, ?kind=time&channel=ID&at=HH:MM&duration=MIN).
import { ArrowLeft, CalendarClock, Repeat, Trash2 } from 'lucide-react';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { CommandInput } from '../../../src-shared/contract';
import type { Rule } from '../../../src-shared/domain-rules';
import { api } from '../../state/connection';
import { EmptyState } from '../../ui/EmptyState';
import { errorText, toast } from '../../ui/toast';
import { ConfirmDialog } from '../sources/common/ConfirmDialog';
import { Switch } from '../sources/common/Switch';
import type { SectionProps } from './form-parts';
import { useNameLookup } from './names';
import { RecordingFields } from './RecordingFields';
import { emptyForm, formFromQuery, formOf, toRuleInput, type FormErrors, type RuleForm } from './rule-form';
import { PreviewPeek, RulePreviewPanel } from './RulePreview';
import { ruleDetails, ruleSummary } from './rule-summary';
import { useRulesData } from './rules-data';
import { SeriesChannels, SeriesFilters, SeriesWhat, SeriesWhen } from './SeriesFields';
import { TimeMore, TimeWhat } from './TimeFields';
import { usePreview, type PreviewState } from './usePreview';
import '../sources/common/common.css';
import './rules.css';

/** The rule of the address, once read (another id: the next one is being read). */
type Answer = { id: number; rule: Rule | null; error: string | null };

export function RuleEditorPage() {
  const { id: idParam } = useParams();
  const [params] = useSearchParams();
  const id = idParam !== undefined ? Number(idParam) : null;
  const valid = id === null || (Number.isInteger(id) && id > 0);
  const [answer, setAnswer] = useState<Answer | null>(null);
  // A rule just created arrives with its address: shown at once, while it is read again.
  const passed = (useLocation().state as { rule?: Rule } | null)?.rule ?? null;

  useEffect(() => {
    if (id === null || !Number.isInteger(id) || id <= 0) return;
    let live = true;
    api()
      .call('rules.get', { id })
      .then((rule) => live && setAnswer({ id, rule, error: null }))
      .catch((e: unknown) => live && setAnswer({ id, rule: null, error: errorText(e) }));
    return () => {
      live = false;
    };
  }, [id]);

  const loaded:
    { state: 'loading' } | { state: 'missing'; message: string } | { state: 'ready'; rule: Rule | null } =
    id === null
      ? { state: 'ready', rule: null }
      : !valid
        ? { state: 'missing', message: 'This is not a rule’s address.' }
        : answer?.id !== id
          ? passed?.id === id
            ? { state: 'ready', rule: passed }
            : { state: 'loading' }
          : answer.error !== null
            ? { state: 'missing', message: answer.error }
            : { state: 'ready', rule: answer.rule };

  if (loaded.state === 'loading') {
    return (
      <div className="rule-editor-page" aria-busy="true">
        <div className="page-head">
          <h1>Rule</h1>
        </div>
        <div className="rule-editor">
          <div className="card skeleton" />
          <div className="card skeleton" />
        </div>
      </div>
    );
  }
  if (loaded.state === 'missing') {
    return (
      <EmptyState
        title="No such rule"
        action={
          <Link className="btn primary" to="/rules">
            All rules
          </Link>
        }
      >
        {loaded.message}
      </EmptyState>
    );
  }
  // Keyed: a different rule (or a new one from another link) starts from its own values.
  const key = loaded.rule ? `rule-${loaded.rule.id}-${loaded.rule.updatedAt}` : `new-${params.toString()}`;
  return (
    <RuleEditor
      key={key}
      rule={loaded.rule}
      initial={loaded.rule ? formOf(loaded.rule) : params.size ? formFromQuery(params) : emptyForm()}
    />
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const id = `section-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="card editor-section" aria-labelledby={id}>
      <header>
        <h2 id={id}>{title}</h2>
        {hint && <span className="muted small">{hint}</span>}
      </header>
      {children}
    </section>
  );
}

function RuleEditor({ rule: loadedRule, initial }: { rule: Rule | null; initial: RuleForm }) {
  const navigate = useNavigate();
  // The rule as last saved (its name and counts in the header follow a save).
  const [rule, setRule] = useState(loadedRule);
  const names = useNameLookup();
  const [form, setForm] = useState<RuleForm>(initial);
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);
  const checked = useMemo(() => toRuleInput(form), [form]);
  const errors: FormErrors = showErrors && !checked.ok ? checked.errors : {};
  const firstProblem = checked.ok ? null : (Object.values(checked.errors)[0] ?? null);
  const preview = usePreview(
    checked.ok ? checked.input : null,
    firstProblem
      ? `To see a preview: ${firstProblem.charAt(0).toLowerCase()}${firstProblem.slice(1)}.`
      : null,
    rule?.id ?? null,
  );

  const set: SectionProps['set'] = (key, value) => {
    setForm((f) => ({ ...f, [key]: value }));
    setSaveError(null);
  };
  const props: SectionProps = { form, errors, set };
  const summary = useMemo(() => {
    if (!checked.ok) return null;
    const config = checked.input.config;
    // The summary reads a parsed config; the zone shown is the one chosen, or "your zone".
    const full =
      config.kind === 'series'
        ? {
            ...config,
            match: config.match ?? 'exact',
            keywords: config.keywords ?? [],
            channels: config.channels ?? { scope: 'any' as const },
            days: config.days ?? null,
            after: config.after ?? null,
            before: config.before ?? null,
            minDurationMin: config.minDurationMin ?? null,
            maxDurationMin: config.maxDurationMin ?? null,
            categories: config.categories ?? [],
            newOnly: config.newOnly ?? false,
            untaggedIsNew: config.untaggedIsNew ?? false,
            dedupe: config.dedupe ?? 'episode',
            tz: config.tz ?? '',
          }
        : {
            ...config,
            from: config.from ?? null,
            until: config.until ?? null,
            title: config.title ?? null,
            tz: config.tz ?? '',
          };
    return { text: ruleSummary(full, names), details: ruleDetails(full) };
  }, [checked, names]);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    setShowErrors(true);
    if (!checked.ok || saving) {
      // Take the user to the first field that needs them.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const saved = rule
        ? await api().call('rules.update', { id: rule.id, ...checked.input })
        : await api().call('rules.add', withGuideName(checked.input, preview));
      useRulesData.getState().put(saved);
      if (rule) setRule(saved);
      toast.success(rule ? `Saved ${saved.name}` : `Created ${saved.name}`);
      if (!rule) void navigate(`/rules/${saved.id}`, { replace: true, state: { rule: saved } });
    } catch (e) {
      setSaveError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  const KindIcon = form.kind === 'series' ? Repeat : CalendarClock;
  return (
    <form className="rule-editor-page" onSubmit={(e) => void save(e)} noValidate>
      <div className="page-head editor-head">
        <Link to="/rules" className="btn ghost icon" aria-label="All rules">
          <ArrowLeft size={18} aria-hidden="true" />
        </Link>
        <h1 className="truncate">
          {rule ? rule.name : form.kind === 'series' ? 'New series rule' : 'New time rule'}
        </h1>
        <Switch checked={form.enabled} onChange={(v) => set('enabled', v)} label="Record" showLabel />
        {rule && (
          <button type="button" className="btn danger" onClick={() => setRemoving(true)}>
            <Trash2 size={16} aria-hidden="true" /> Delete
          </button>
        )}
        <button type="submit" className="btn primary" disabled={saving} aria-busy={saving}>
          {saving && <span className="spinner on-accent" aria-hidden="true" />}
          {rule ? 'Save' : 'Create rule'}
        </button>
      </div>

      <div className="rule-editor">
        <div className="editor-form">
          <div className="rule-sentence" aria-live="polite">
            <KindIcon size={18} aria-hidden="true" />
            <div className="rule-sentence-text">
              <p>
                {summary ? (
                  <>
                    <strong>{summary.text.charAt(0).toUpperCase() + summary.text.slice(1)}</strong>
                    {summary.details.length > 0 && (
                      <span className="muted"> · {summary.details.join(' · ')}</span>
                    )}
                  </>
                ) : (
                  <span className="muted">
                    {form.kind === 'series'
                      ? 'Records a programme’s episodes.'
                      : 'Records a channel at a set time.'}{' '}
                    {firstProblem}
                  </span>
                )}
              </p>
              <PreviewPeek preview={preview} />
            </div>
          </div>
          {saveError && (
            <p className="form-error" role="alert">
              {saveError}
            </p>
          )}

          {!rule && (
            <fieldset className="segmented kind-choice">
              <legend className="visually-hidden">Kind of rule</legend>
              {(
                [
                  ['series', 'Series', 'Every episode of a programme, from the guide', Repeat],
                  ['time', 'Time', 'A channel at a set time on chosen days', CalendarClock],
                ] as const
              ).map(([kind, label, hint, Icon]) => (
                <label key={kind} className={form.kind === kind ? 'selected' : ''}>
                  <input
                    type="radio"
                    name="rule-kind"
                    checked={form.kind === kind}
                    onChange={() =>
                      setForm((f) => ({
                        ...f,
                        kind,
                        days: kind === 'time' && f.days.length === 0 ? emptyForm('time').days : f.days,
                      }))
                    }
                  />
                  <span className="segmented-title">
                    <Icon size={16} aria-hidden="true" /> {label}
                  </span>
                  <span className="segmented-hint">{hint}</span>
                </label>
              ))}
            </fieldset>
          )}

          {form.kind === 'series' ? (
            <>
              <Section title="Programme">
                <SeriesWhat {...props} />
              </Section>
              <Section title="Channels">
                <SeriesChannels {...props} />
              </Section>
              <Section title="When" hint="When an airing must start">
                <SeriesWhen {...props} />
              </Section>
              <Section title="Filters" hint="Which airings count">
                <SeriesFilters {...props} />
              </Section>
            </>
          ) : (
            <>
              <Section title="Channel and time">
                <TimeWhat {...props} />
              </Section>
              <Section title="Dates and title">
                <TimeMore {...props} />
              </Section>
            </>
          )}
          <Section title="Recording" hint="Empty fields use the settings">
            <RecordingFields {...props} />
          </Section>
        </div>
        <RulePreviewPanel preview={preview} />
      </div>

      {rule && (
        <ConfirmDialog
          open={removing}
          title={`Delete ${rule.name}?`}
          confirmLabel="Delete rule"
          onClose={() => setRemoving(false)}
          onConfirm={async () => {
            await api().call('rules.remove', { id: rule.id });
            toast.success(`Deleted ${rule.name}`);
            void navigate('/rules', { replace: true });
          }}
        >
          Its {rule.upcoming} scheduled recording{rule.upcoming === 1 ? '' : 's'} that have not started are
          cancelled. What it has recorded stays in your library.
        </ConfirmDialog>
      )}
    </form>
  );
}

/**
 * A new series rule without a name, whose title is matched exactly, is named as the guide spells the
 * programme ("evening quiz" typed, "Evening Quiz" in the list), when the preview has found it.
 */
function withGuideName(input: CommandInput<'rules.add'>, preview: PreviewState): CommandInput<'rules.add'> {
  const { config } = input;
  if (input.name || config.kind !== 'series' || (config.match ?? 'exact') !== 'exact') return input;
  const found = preview.state === 'done' ? preview.preview.airings[0] : undefined;
  return found ? { ...input, name: found.title } : input;
}
