// The sources table: rows <-> SourceInfo, kind-specific config, and the credentials kept beside it in the
// secret store (never in the database, never in what is sent to a client).
import { eq } from 'drizzle-orm';
import { TapedeckError } from '../../../src-shared/contract';
import type {
  HdHomeRunDevice,
  ImportReport,
  SourceInfo,
  XtreamAccount,
  XtreamOutputFormat,
} from '../../../src-shared/domain-sources';
import type { Db } from '../db/open';
import { sources } from '../db/schema';
import type { SecretStore } from '../secrets';
import { redactImportReport, redactNullable, redactText, redactUrl, registerSecret } from '../redact';
import type { XtreamCredentials } from './xtream/xtream-api';

export type SourceRow = typeof sources.$inferSelect;

/** What sources.config holds, per kind. Never secrets. */
export interface SourceConfig {
  /** The user's connection limit; wins over the account's / the tuner count. */
  maxConnectionsOverride?: number | null;
  /** Xtream: the user's stream format, else chosen from the account. */
  outputFormat?: XtreamOutputFormat | null;
  account?: XtreamAccount;
  device?: HdHomeRunDevice;
  /** M3U: guide URLs from the playlist header. */
  offeredGuides?: string[];
}

export function configOf(row: SourceRow): SourceConfig {
  return (row.config ?? {}) as SourceConfig;
}

const credentialKey = (sourceId: number) => `xtream:${sourceId}`;

export function readCredentials(secrets: SecretStore, sourceId: number): XtreamCredentials | null {
  const stored = secrets.get(credentialKey(sourceId));
  if (!stored) return null;
  try {
    const value = JSON.parse(stored) as Partial<XtreamCredentials>;
    if (typeof value.username !== 'string' || typeof value.password !== 'string') return null;
    // Whatever quotes the password from now on (an error, a log line) gets *** instead, even where it
    // is not inside a URL shape the redaction recognises.
    registerSecret(value.password);
    return { username: value.username, password: value.password };
  } catch {
    return null;
  }
}

export function writeCredentials(secrets: SecretStore, sourceId: number, creds: XtreamCredentials): void {
  registerSecret(creds.password);
  secrets.set(credentialKey(sourceId), JSON.stringify(creds));
}

export function deleteCredentials(secrets: SecretStore, sourceId: number): void {
  secrets.delete(credentialKey(sourceId));
}

export class SourceStore {
  constructor(private readonly db: Db) {}

  row(id: number): SourceRow {
    const row = this.db.select().from(sources).where(eq(sources.id, id)).get();
    if (!row) throw new TapedeckError('not_found', `source ${id} does not exist`);
    return row;
  }

  rows(): SourceRow[] {
    return this.db.select().from(sources).orderBy(sources.id).all();
  }

  insert(values: typeof sources.$inferInsert): SourceRow {
    return this.db.insert(sources).values(values).returning().get();
  }

  update(id: number, values: Partial<typeof sources.$inferInsert>, now: number): SourceRow {
    return this.db
      .update(sources)
      .set({ ...values, updatedAt: now })
      .where(eq(sources.id, id))
      .returning()
      .get()!;
  }

  updateConfig(id: number, patch: Partial<SourceConfig>, now: number): SourceRow {
    const config = { ...configOf(this.row(id)), ...patch };
    return this.update(id, { config: config as Record<string, unknown> }, now);
  }

  remove(id: number): void {
    this.db.delete(sources).where(eq(sources.id, id)).run();
  }

  /** The error is stored redacted: import errors can quote the URL they failed on. */
  recordFailure(id: number, error: string, now: number): void {
    this.db
      .update(sources)
      .set({ lastError: redactText(error), lastAttemptAt: now })
      .where(eq(sources.id, id))
      .run();
  }

  recordSuccess(
    id: number,
    report: ImportReport,
    values: Partial<typeof sources.$inferInsert>,
    now: number,
  ): void {
    this.db
      .update(sources)
      .set({
        ...values,
        lastImport: redactImportReport(report),
        lastError: null,
        lastRefreshAt: now,
        lastAttemptAt: now,
        updatedAt: now,
      })
      .where(eq(sources.id, id))
      .run();
  }

  /** Counted live for hand-made channels (few, and added outside imports); stored by imports otherwise. */
  counts(row: SourceRow): SourceInfo['counts'] {
    if (row.kind !== 'manual') return row.channelCounts ?? { live: 0, vod: 0, series: 0, missing: 0 };
    const id = row.id;
    const rows = this.db.$client
      .prepare(
        `SELECT kind, missing_since IS NOT NULL, COUNT(*) FROM channels WHERE source_id = ? GROUP BY 1, 2`,
      )
      .raw()
      .all(id) as Array<[string, number, number]>;
    const counts = { live: 0, vod: 0, series: 0, missing: 0 };
    for (const [kind, missing, n] of rows) {
      if (missing) counts.missing += n;
      else if (kind === 'live' || kind === 'vod' || kind === 'series') counts[kind] += n;
    }
    return counts;
  }

  guideIds(id: number): number[] {
    return this.db.$client
      .prepare('SELECT id FROM guides WHERE source_id = ? ORDER BY id')
      .pluck()
      .all(id) as number[];
  }

  toInfo(row: SourceRow, extra: { refreshing: boolean; protection: string }): SourceInfo {
    const config = configOf(row);
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      location: row.location === null ? null : redactUrl(row.location),
      maxConnections: row.maxConnections,
      maxConnectionsOverride: config.maxConnectionsOverride ?? null,
      connectionGroup: row.connectionGroup,
      refreshHours: row.refreshHours,
      lastRefreshAt: row.lastRefreshAt,
      lastAttemptAt: row.lastAttemptAt,
      // Rows written before errors were redacted on the way in are masked on the way out.
      lastError: redactNullable(row.lastError),
      counts: this.counts(row),
      lastImport: row.lastImport ?? null,
      offeredGuides: (config.offeredGuides ?? []).map(redactUrl),
      guideIds: this.guideIds(row.id),
      account: config.account ?? null,
      device: config.device ?? null,
      credentialProtection: row.kind === 'xtream' ? extra.protection : null,
      refreshing: extra.refreshing,
    };
  }
}
