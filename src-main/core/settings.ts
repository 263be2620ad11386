// The settings store: the settings table (key -> JSON), read through the shared schema
// (src-shared/settings.ts), where defaults apply to keys never set.
import { eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { SettingsSchema, type SettingKey, type Settings } from '../../src-shared/settings';
import type { Db } from './db/open';
import { settings } from './db/schema';

export { SettingsSchema, type SettingKey, type Settings } from '../../src-shared/settings';

export class SettingsStore {
  constructor(private readonly db: Db) {}

  all(): Settings {
    const stored: Record<string, unknown> = {};
    for (const row of this.db.select().from(settings).all()) stored[row.key] = row.value;
    // A value that no longer validates (an older version wrote it) falls back to its default.
    const result: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(SettingsSchema.shape)) {
      const parsed = (schema as z.ZodType).safeParse(stored[key]);
      result[key] = parsed.success ? parsed.data : (schema as z.ZodType).parse(undefined);
    }
    return result as Settings;
  }

  set<K extends SettingKey>(key: K, value: Settings[K]): void {
    this.setMany({ [key]: value } as Partial<Settings>);
  }

  /** Writes several settings at once (one transaction: a settings screen's Save is all or nothing). */
  setMany(values: Partial<Settings>): void {
    const entries = Object.entries(values).map(([key, value]) => {
      const schema = SettingsSchema.shape[key as SettingKey] as z.ZodType | undefined;
      if (!schema) throw new Error(`unknown setting ${key}`);
      return [key, schema.parse(value)] as const;
    });
    const now = Date.now();
    this.db.transaction((tx) => {
      for (const [key, value] of entries) {
        // The column is NOT NULL (drizzle writes a JSON null as SQL NULL): a null setting is one left
        // at its default, which is null for every nullable setting (SETTING_DEFAULTS).
        if (value === null) {
          tx.delete(settings).where(eq(settings.key, key)).run();
          continue;
        }
        tx.insert(settings)
          .values({ key, value, updatedAt: now })
          .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
          .run();
      }
    });
  }

  /** Back to the defaults. */
  clear(...keys: SettingKey[]): void {
    if (keys.length === 1) this.db.delete(settings).where(eq(settings.key, keys[0]!)).run();
    else if (keys.length > 1) this.db.delete(settings).where(inArray(settings.key, keys)).run();
  }

  /** State the app keeps for itself (not a user setting): kept in the same table under `internal:`. */
  internal(key: string): unknown {
    const row = this.db
      .select()
      .from(settings)
      .where(eq(settings.key, `internal:${key}`))
      .get();
    return row?.value ?? null;
  }

  setInternal(key: string, value: unknown): void {
    const at = Date.now();
    this.db
      .insert(settings)
      .values({ key: `internal:${key}`, value, updatedAt: at })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: at } })
      .run();
  }
}
