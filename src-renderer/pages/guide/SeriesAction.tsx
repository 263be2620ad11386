// Record series from a programme's panel: a series rule for the exact title, or a link to the rule
// that already records it.
import { Repeat } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Rule } from '../../../src-shared/domain-rules';
import { api } from '../../state/connection';
import { errorText, toast } from '../../ui/toast';

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Record series: a series rule for the exact title; once one exists, a way to edit it instead. */
export function SeriesAction({ title }: { title: string }) {
  // The rule for this title: undefined while asking, null when there is none.
  const [found, setFound] = useState<{ title: string; rule: Rule | null; added: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const rule = found?.title === title ? found.rule : undefined;
  const added = found?.title === title && found.added;
  useEffect(() => {
    let current = true;
    api()
      .call('rules.list', {})
      .then((rules) => {
        if (!current) return;
        const same = rules.find(
          (r) =>
            r.config.kind === 'series' && r.config.match === 'exact' && norm(r.config.title) === norm(title),
        );
        setFound({ title, rule: same ?? null, added: false });
      })
      .catch(() => current && setFound({ title, rule: null, added: false }));
    return () => {
      current = false;
    };
  }, [title]);

  const add = () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    api()
      .call('rules.add', { config: { kind: 'series', title, match: 'exact' } })
      .then((r) => setFound({ title, rule: r, added: true }))
      .catch((error: unknown) => toast.error(errorText(error)))
      .finally(() => {
        running.current = false;
        setBusy(false);
      });
  };

  if (rule === undefined) return <div className="guide-series-placeholder" aria-hidden="true" />;
  if (rule) {
    return (
      <div className="guide-series-note" role="status">
        <Repeat size={16} aria-hidden="true" />
        <span className="spacer">
          {added ? 'Series rule added' : `Series rule “${rule.name}”`}
          {rule.enabled ? '' : ' (turned off)'}
          {added && rule.upcoming > 0 ? `: ${rule.upcoming} upcoming` : ''}
        </span>
        <Link className="btn small" to={`/rules/${rule.id}`}>
          Edit rule
        </Link>
      </div>
    );
  }
  return (
    <button type="button" className="btn" onClick={add} disabled={busy} aria-busy={busy}>
      {busy ? <span className="spinner" aria-hidden="true" /> : <Repeat size={16} aria-hidden="true" />}
      Record series
    </button>
  );
}
