// The rules table <-> Rule, and the user's per-airing decisions (airing_overrides). The rule's config is
// JSON validated by the contract (src-shared/contract-rules.ts) before it gets here.
import { and, eq } from 'drizzle-orm';
import { TapedeckError } from '../../../src-shared/contract';
import type { Rule, RuleConfig } from '../../../src-shared/domain-rules';
import type { Db } from '../db/open';
import { rules } from '../db/schema';
import { airingOverrides } from '../db/schema-history';

type RuleRow = typeof rules.$inferSelect;
export type NewRule = Omit<
  RuleRow,
  'id' | 'createdAt' | 'updatedAt' | 'upcoming' | 'warnings' | 'kind' | 'profileId'
> & {
  config: RuleConfig;
};

export class RuleStore {
  constructor(private readonly db: Db) {}

  all(): Rule[] {
    return this.db.select().from(rules).orderBy(rules.id).all().map(toRule);
  }

  find(id: number): Rule | null {
    const row = this.db.select().from(rules).where(eq(rules.id, id)).get();
    return row ? toRule(row) : null;
  }

  get(id: number): Rule {
    const rule = this.find(id);
    if (!rule) throw new TapedeckError('not_found', `rule ${id} does not exist`);
    return rule;
  }

  insert(rule: NewRule, now: number): Rule {
    const row = this.db
      .insert(rules)
      .values({ ...rule, kind: rule.config.kind, createdAt: now, updatedAt: now })
      .returning()
      .get();
    return toRule(row);
  }

  update(id: number, patch: Partial<NewRule>, now: number): Rule {
    const row = this.db
      .update(rules)
      .set({ ...patch, ...(patch.config ? { kind: patch.config.kind } : {}), updatedAt: now })
      .where(eq(rules.id, id))
      .returning()
      .get();
    if (!row) throw new TapedeckError('not_found', `rule ${id} does not exist`);
    return toRule(row);
  }

  remove(id: number): void {
    this.db.delete(rules).where(eq(rules.id, id)).run();
  }

  /** The user's decisions, by rule: airing key -> skip | choose. */
  overrides(): Map<number, Map<string, 'skip' | 'choose'>> {
    const out = new Map<number, Map<string, 'skip' | 'choose'>>();
    for (const row of this.db.select().from(airingOverrides).all()) {
      let byKey = out.get(row.ruleId);
      if (!byKey) out.set(row.ruleId, (byKey = new Map()));
      byKey.set(row.airingKey, row.action);
    }
    return out;
  }

  setOverride(ruleId: number, airingKey: string, action: 'skip' | 'choose' | null, now: number): void {
    const where = and(eq(airingOverrides.ruleId, ruleId), eq(airingOverrides.airingKey, airingKey));
    if (action === null) {
      this.db.delete(airingOverrides).where(where).run();
      return;
    }
    this.db
      .insert(airingOverrides)
      .values({ ruleId, airingKey, action, createdAt: now })
      .onConflictDoUpdate({
        target: [airingOverrides.ruleId, airingOverrides.airingKey],
        set: { action, createdAt: now },
      })
      .run();
  }
}

function toRule(row: RuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    priority: row.priority,
    padBeforeMs: row.padBeforeMs,
    padAfterMs: row.padAfterMs,
    keepLast: row.keepLast,
    container: row.container,
    library: row.library ?? null,
    config: row.config,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    upcoming: row.upcoming,
    warnings: row.warnings,
  };
}
