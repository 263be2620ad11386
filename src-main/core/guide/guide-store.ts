// The guides table: rows <-> GuideInfo, and what the guide query and the mapping UI read about guides.
import { eq } from 'drizzle-orm';
import { TapedeckError } from '../../../src-shared/contract';
import type { GuideChannelInfo, GuideInfo, ImportReport } from '../../../src-shared/domain-sources';
import { parseStringList } from '../db/json-columns';
import type { Db } from '../db/open';
import { guides } from '../db/schema';
import { redactImportReport, redactNullable, redactText, redactUrl } from '../redact';
import { escapeLike } from './guide-query';

export type GuideRow = typeof guides.$inferSelect;

export class GuideStore {
  constructor(private readonly db: Db) {}

  row(id: number): GuideRow {
    const row = this.db.select().from(guides).where(eq(guides.id, id)).get();
    if (!row) throw new TapedeckError('not_found', `guide ${id} does not exist`);
    return row;
  }

  rows(): GuideRow[] {
    return this.db.select().from(guides).orderBy(guides.id).all();
  }

  insert(values: typeof guides.$inferInsert): GuideRow {
    return this.db.insert(guides).values(values).returning().get();
  }

  update(id: number, values: Partial<typeof guides.$inferInsert>, now: number): GuideRow {
    return this.db
      .update(guides)
      .set({ ...values, updatedAt: now })
      .where(eq(guides.id, id))
      .returning()
      .get()!;
  }

  /**
   * Removes a guide. Channels mapped to it (by hand too) lose the mapping and go back to automatic (the
   * caller remaps); its programmes and guide channels go with it (cascade).
   */
  remove(id: number): void {
    const client = this.db.$client;
    client.transaction(() => {
      client
        .prepare(
          `UPDATE channels SET guide_id = NULL, guide_channel_id = NULL, guide_match = NULL,
            guide_mapping_manual = 0 WHERE guide_id = ?`,
        )
        .run(id);
      client.prepare('DELETE FROM guides WHERE id = ?').run(id);
    })();
  }

  recordFailure(id: number, error: string, now: number): void {
    this.db
      .update(guides)
      .set({ lastError: redactText(error), lastAttemptAt: now })
      .where(eq(guides.id, id))
      .run();
  }

  recordSuccess(id: number, report: ImportReport, lastError: string | null, now: number): void {
    this.db
      .update(guides)
      .set({
        lastImport: redactImportReport(report),
        lastError: redactNullable(lastError),
        lastRefreshAt: now,
        lastAttemptAt: now,
        updatedAt: now,
      })
      .where(eq(guides.id, id))
      .run();
  }

  xmltvIds(id: number): Set<string> {
    return new Set(
      this.db.$client
        .prepare('SELECT xmltv_id FROM guide_channels WHERE guide_id = ?')
        .pluck()
        .all(id) as string[],
    );
  }

  hasProgrammes(id: number): boolean {
    return (
      this.db.$client
        .prepare('SELECT EXISTS (SELECT 1 FROM programmes WHERE guide_id = ?)')
        .pluck()
        .get(id) === 1
    );
  }

  maxProgrammeId(): number {
    return (
      (this.db.$client.prepare('SELECT COALESCE(MAX(id), 0) FROM programmes').pluck().get() as number) ?? 0
    );
  }

  /**
   * Shifts stored programmes by whole hours when a guide's offset changes, so they keep their ids (and
   * recordings their programme) instead of being replaced by the next import. Two steps, because a
   * one-step shift can collide with a neighbour on the unique identity (hourly "News" shifted by 1 h).
   */
  shiftProgrammes(id: number, deltaHours: number): void {
    if (deltaHours === 0) return;
    const far = 1e13;
    const delta = deltaHours * 3600 * 1000;
    const client = this.db.$client;
    client.transaction(() => {
      client
        .prepare('UPDATE programmes SET start_at = start_at + ?, stop_at = stop_at + ? WHERE guide_id = ?')
        .run(far + delta, far + delta, id);
      client
        .prepare('UPDATE programmes SET start_at = start_at - ?, stop_at = stop_at - ? WHERE guide_id = ?')
        .run(far, far, id);
    })();
  }

  toInfo(row: GuideRow, refreshing: boolean): GuideInfo {
    const client = this.db.$client;
    // Index-only (programmes_identity covers guide_id and start_at): no table lookups for 150,000 rows.
    const stats = client
      .prepare(`SELECT COUNT(*), MIN(start_at), MAX(start_at) FROM programmes WHERE guide_id = ?`)
      .raw()
      .get(row.id) as [number, number | null, number | null];
    const channels = client
      .prepare('SELECT COUNT(*) FROM guide_channels WHERE guide_id = ?')
      .pluck()
      .get(row.id);
    return {
      id: row.id,
      name: row.name,
      location: redactUrl(row.location),
      offsetHours: row.offsetHours,
      sourceId: row.sourceId,
      refreshHours: row.refreshHours,
      lastRefreshAt: row.lastRefreshAt,
      lastAttemptAt: row.lastAttemptAt,
      lastError: row.lastError,
      channelCount: channels as number,
      programmeCount: stats[0],
      coverage: stats[1] !== null && stats[2] !== null ? { from: stats[1], to: stats[2] } : null,
      lastImport: row.lastImport ?? null,
      refreshing,
    };
  }

  channels(input: { guideId?: number; search?: string; limit: number }): GuideChannelInfo[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (input.guideId !== undefined) {
      where.push('gc.guide_id = ?');
      params.push(input.guideId);
    }
    if (input.search) {
      where.push(`(gc.xmltv_id LIKE ? ESCAPE '\\' OR gc.display_names LIKE ? ESCAPE '\\')`);
      const like = `%${escapeLike(input.search)}%`;
      params.push(like, like);
    }
    const rows = this.db.$client
      .prepare(
        `SELECT gc.guide_id, gc.xmltv_id, gc.display_names, gc.icon
          FROM guide_channels gc ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY gc.guide_id, gc.xmltv_id LIMIT ?`,
      )
      .raw()
      .all(...params, input.limit) as Array<[number, string, string, string | null]>;
    // One pass over the mapped channels (no index on the mapping: imports would pay for it on every row).
    const mapped = new Map<string, number>();
    const counts = this.db.$client
      .prepare(
        `SELECT guide_id, guide_channel_id, COUNT(*) FROM channels WHERE guide_id IS NOT NULL
          ${input.guideId !== undefined ? 'AND guide_id = ?' : ''} GROUP BY 1, 2`,
      )
      .raw()
      .all(...(input.guideId !== undefined ? [input.guideId] : [])) as Array<[number, string, number]>;
    for (const [guideId, xmltvId, n] of counts) mapped.set(`${guideId}\u0000${xmltvId}`, n);
    return rows.map(([guideId, xmltvId, names, icon]) => ({
      guideId,
      xmltvId,
      displayNames: parseStringList(names),
      icon,
      mappedChannels: mapped.get(`${guideId}\u0000${xmltvId}`) ?? 0,
    }));
  }

  hasChannel(guideId: number, xmltvId: string): boolean {
    return (
      this.db.$client
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM guide_channels WHERE guide_id = ? AND xmltv_id = ?)
            OR EXISTS (SELECT 1 FROM programmes WHERE guide_id = ? AND xmltv_channel_id = ?)`,
        )
        .pluck()
        .get(guideId, xmltvId, guideId, xmltvId) === 1
    );
  }
}
