// Typed settings stored in the settings table; defaults apply when a key was never set.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { CONTAINERS } from '../../src-shared/domain';
import type { Db } from './db/open';
import { settings } from './db/schema';

export const SettingsSchema = z.object({
  recordingsDir: z.string().min(1).nullable().default(null),
  /** Where a browser's playlists and guides must be (uploads land here); null: <data>/imports. */
  importDir: z.string().min(1).nullable().default(null),
  ffmpegPath: z.string().min(1).nullable().default(null),
  container: z.enum(CONTAINERS).default('ts'),
  stallTimeoutSec: z.number().int().min(3).max(600).default(10),
  maxFailedAttempts: z.number().int().min(1).max(100).default(8),
  retryBaseSec: z.number().min(0.1).max(60).default(0.5),
  retryMaxSec: z.number().min(1).max(600).default(10),
  /** Padding for recordings from the guide and rules that do not set their own (negative: late/early). */
  padBeforeSec: z
    .number()
    .int()
    .min(-6 * 3600)
    .max(6 * 3600)
    .default(60),
  padAfterSec: z
    .number()
    .int()
    .min(-6 * 3600)
    .max(6 * 3600)
    .default(180),
  /** The zone of new time and series rules when none is given; null: this computer's zone. */
  timeZone: z.string().min(1).nullable().default(null),
  diskReserveMiB: z
    .number()
    .int()
    .min(0)
    .max(1024 * 1024)
    .default(2048),
});
export type Settings = z.output<typeof SettingsSchema>;
export type SettingKey = keyof Settings;

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
    const parsed = SettingsSchema.shape[key].parse(value);
    this.db
      .insert(settings)
      .values({ key, value: parsed, updatedAt: Date.now() })
      .onConflictDoUpdate({ target: settings.key, set: { value: parsed, updatedAt: Date.now() } })
      .run();
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

  clear(key: SettingKey): void {
    this.db.delete(settings).where(eq(settings.key, key)).run();
  }
}
