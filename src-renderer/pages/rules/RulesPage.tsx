// Rules (/rules): every series and time rule with its on/off switch, what it records in one sentence,
// how many recordings it has coming and anything it warns about; a rule opens its editor.
import { AlertTriangle, CalendarClock, ChevronRight, Clock, Plus, Repeat } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Rule } from '../../../src-shared/domain-rules';
import { api } from '../../state/connection';
import { EmptyState } from '../../ui/EmptyState';
import { errorText, toast } from '../../ui/toast';
import { Switch } from '../sources/common/Switch';
import { useLookup, useNameLookup } from './names';
import { KIND_LABEL, ruleDetails, ruleSummary } from './rule-summary';
import { useRules, useRulesData } from './rules-data';
import '../sources/common/common.css';
import './rules.css';

export function RulesPage() {
  const { rules, loaded, error } = useRules();
  const names = useNameLookup();
  useLookup(
    rules.flatMap((r) =>
      r.config.kind === 'time'
        ? [r.config.channelId]
        : r.config.channels.scope === 'channels'
          ? r.config.channels.ids
          : [],
    ),
    rules.flatMap((r) =>
      r.config.kind === 'series' && r.config.channels.scope === 'guide-channel' ? [r.config.channels] : [],
    ),
  );
  // Highest priority first (the order they win in), then by name.
  const sorted = [...rules].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
  const upcoming = rules.filter((r) => r.enabled).reduce((n, r) => n + r.upcoming, 0);

  return (
    <div className="rules-page">
      <div className="page-head">
        <h1>Rules</h1>
        <Link className="btn primary" to="/rules/new">
          <Plus size={16} aria-hidden="true" /> New rule
        </Link>
      </div>
      {error && (
        <p className="form-error" role="alert">
          Could not read the rules: {error}
        </p>
      )}
      {!loaded ? (
        <ul className="rule-list card" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <li key={i} className="rule-row placeholder" />
          ))}
        </ul>
      ) : rules.length === 0 ? (
        <div className="card">
          <EmptyState
            title="No rules yet"
            action={
              <div className="row wrap center">
                <Link className="btn primary" to="/rules/new?kind=series">
                  <Repeat size={16} aria-hidden="true" /> New series rule
                </Link>
                <Link className="btn" to="/rules/new?kind=time">
                  <Clock size={16} aria-hidden="true" /> New time rule
                </Link>
              </div>
            }
          >
            A series rule records every (new) episode of a programme from the guide. A time rule records a
            channel at the same time on chosen days, with or without a guide.
          </EmptyState>
        </div>
      ) : (
        <>
          <p className="muted small rules-count">
            {rules.length} rule{rules.length === 1 ? '' : 's'} · {upcoming} recording
            {upcoming === 1 ? '' : 's'} planned over the next 14 days · highest priority first
          </p>
          <ul className="rule-list card" aria-label="Rules">
            {sorted.map((r) => (
              <RuleRow key={r.id} rule={r} summary={ruleSummary(r.config, names)} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function RuleRow({ rule, summary }: { rule: Rule; summary: string }) {
  const [busy, setBusy] = useState(false);
  const details = ruleDetails(rule.config);
  const toggle = (enabled: boolean) => {
    setBusy(true);
    api()
      .call('rules.update', { id: rule.id, enabled })
      .then((r) => useRulesData.getState().put(r))
      .catch((e: unknown) => toast.error(errorText(e)))
      .finally(() => setBusy(false));
  };
  const Icon = rule.config.kind === 'series' ? Repeat : CalendarClock;
  return (
    <li className={`rule-row${rule.enabled ? '' : ' off'}`}>
      <Switch checked={rule.enabled} onChange={toggle} busy={busy} label={`${rule.name}: record`} />
      <span className={`rule-kind ${rule.config.kind}`} title={`${KIND_LABEL[rule.config.kind]} rule`}>
        <Icon size={18} aria-hidden="true" />
      </span>
      <div className="rule-text">
        <Link to={`/rules/${rule.id}`} className="rule-name">
          <strong className="truncate">{rule.name}</strong>
          <span className="badge">{KIND_LABEL[rule.config.kind]}</span>
          {rule.priority !== 0 && <span className="badge">Priority {rule.priority}</span>}
          {!rule.enabled && <span className="badge">Off</span>}
        </Link>
        <span className="rule-summary">{summary.charAt(0).toUpperCase() + summary.slice(1)}</span>
        {details.length > 0 && <span className="small muted">{details.join(' · ')}</span>}
        {rule.warnings.map((w) => (
          <span key={w} className="small warning-text rule-warning">
            <AlertTriangle size={14} aria-hidden="true" /> {w}
          </span>
        ))}
      </div>
      <div className="rule-count" aria-label={`${rule.upcoming} upcoming`}>
        <strong className="tabular">{rule.enabled ? rule.upcoming : '–'}</strong>
        <span className="small muted">upcoming</span>
      </div>
      <Link to={`/rules/${rule.id}`} className="btn ghost icon" aria-label={`Edit ${rule.name}`}>
        <ChevronRight size={18} aria-hidden="true" />
      </Link>
    </li>
  );
}
