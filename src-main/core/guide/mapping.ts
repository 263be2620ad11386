// Channel <-> guide mapping. Automatic: by tvg-id (exactly, then ignoring case), then by normalized name
// against every display name of every guide channel. A guide offered by the channel's own source wins a
// tie, then the oldest guide. Manual mappings (guide_mapping_manual) are never touched here.
import type { GuideMatch } from '../../../src-shared/domain-sources';
import type { Db } from '../db/open';
import { matchName } from '../sources/names';

interface Candidate {
  guideId: number;
  xmltvId: string;
  guideSourceId: number | null;
}

interface GuideIndex {
  byId: Map<string, Candidate[]>;
  byIdFolded: Map<string, Candidate[]>;
  byName: Map<string, Candidate[]>;
}

function push(map: Map<string, Candidate[]>, key: string, candidate: Candidate): void {
  const list = map.get(key);
  if (!list) map.set(key, [candidate]);
  else if (!list.some((c) => c.guideId === candidate.guideId && c.xmltvId === candidate.xmltvId)) {
    list.push(candidate);
  }
}

function buildIndex(db: Db): GuideIndex {
  const rows = db.$client
    .prepare(
      `SELECT gc.guide_id, gc.xmltv_id, gc.display_names, g.source_id FROM guide_channels gc
        JOIN guides g ON g.id = gc.guide_id ORDER BY gc.guide_id, gc.id`,
    )
    .raw()
    .all() as Array<[number, string, string, number | null]>;
  const index: GuideIndex = { byId: new Map(), byIdFolded: new Map(), byName: new Map() };
  for (const [guideId, xmltvId, displayNames, guideSourceId] of rows) {
    const candidate = { guideId, xmltvId, guideSourceId };
    push(index.byId, xmltvId, candidate);
    push(index.byIdFolded, xmltvId.toLowerCase(), candidate);
    let names: unknown;
    try {
      names = JSON.parse(displayNames);
    } catch {
      names = [];
    }
    for (const name of Array.isArray(names) ? names : []) {
      if (typeof name !== 'string') continue;
      const key = matchName(name);
      if (key.length !== 0) push(index.byName, key, candidate);
    }
  }
  return index;
}

function pick(list: Candidate[] | undefined, sourceId: number): Candidate | null {
  if (!list || list.length === 0) return null;
  return list.find((c) => c.guideSourceId === sourceId) ?? list[0] ?? null;
}

export function findGuideChannel(
  index: GuideIndex,
  channel: { sourceId: number; tvgId: string | null; name: string; tvgName: string | null },
): { candidate: Candidate; match: GuideMatch } | null {
  if (channel.tvgId) {
    const exact = pick(index.byId.get(channel.tvgId), channel.sourceId);
    if (exact) return { candidate: exact, match: 'tvg-id' };
    const folded = pick(index.byIdFolded.get(channel.tvgId.toLowerCase()), channel.sourceId);
    if (folded) return { candidate: folded, match: 'tvg-id' };
  }
  for (const name of [channel.name, channel.tvgName]) {
    if (!name) continue;
    const key = matchName(name);
    const byName = key.length !== 0 ? pick(index.byName.get(key), channel.sourceId) : null;
    if (byName) return { candidate: byName, match: 'name' };
  }
  return null;
}

export interface AutoMapScope {
  sourceId?: number;
  channelIds?: number[];
}

/**
 * Recomputes automatic mappings of live channels (all, one source's, or some). Writes only rows whose
 * mapping changes, in batches so the event loop is not held for long. Returns how many changed.
 */
export async function autoMap(db: Db, scope: AutoMapScope = {}): Promise<number> {
  const client = db.$client;
  const hasGuides =
    (client.prepare('SELECT EXISTS (SELECT 1 FROM guide_channels)').pluck().get() as number) === 1;
  const where = ["kind = 'live'", 'guide_mapping_manual = 0'];
  const params: Array<number | string> = [];
  if (scope.sourceId !== undefined) {
    where.push('source_id = ?');
    params.push(scope.sourceId);
  }
  if (scope.channelIds) {
    where.push('id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(scope.channelIds));
  }
  if (!hasGuides) {
    // Nothing to map to, and nothing mapped automatically either: removing a guide remaps (clearing
    // what pointed at it) and imported rows start unmapped. Skipping saves a scan of every channel.
    if (!scope.channelIds) return 0;
    return client
      .prepare(
        `UPDATE channels SET guide_id = NULL, guide_channel_id = NULL, guide_match = NULL
          WHERE ${where.join(' AND ')} AND (guide_id IS NOT NULL OR guide_channel_id IS NOT NULL)`,
      )
      .run(...params).changes;
  }
  const index = buildIndex(db);
  const rows = client
    .prepare(
      `SELECT id, source_id, tvg_id, name, tvg_name, guide_id, guide_channel_id, guide_match FROM channels
        WHERE ${where.join(' AND ')}`,
    )
    .raw()
    .all(...params) as Array<
    [number, number, string | null, string, string | null, number | null, string | null, string | null]
  >;
  const updates: Array<[number | null, string | null, string | null, number]> = [];
  for (const [id, sourceId, tvgId, name, tvgName, guideId, guideChannelId, guideMatch] of rows) {
    const found = findGuideChannel(index, { sourceId, tvgId, name, tvgName });
    const next: [number | null, string | null, string | null] = found
      ? [found.candidate.guideId, found.candidate.xmltvId, found.match]
      : [null, null, null];
    if (next[0] !== guideId || next[1] !== guideChannelId || next[2] !== guideMatch) {
      updates.push([...next, id]);
    }
  }
  const update = client.prepare(
    'UPDATE channels SET guide_id = ?, guide_channel_id = ?, guide_match = ? WHERE id = ? AND guide_mapping_manual = 0',
  );
  const apply = client.transaction((slice: typeof updates) => {
    for (const u of slice) update.run(u);
  });
  for (let i = 0; i < updates.length; i += 5000) {
    apply(updates.slice(i, i + 5000));
    if (i + 5000 < updates.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return updates.length;
}

/** The user's choice: a guide channel, or explicitly none. Refreshes never overwrite it. */
export function setManualMapping(
  db: Db,
  channelId: number,
  to: { guideId: number; xmltvId: string } | null,
): void {
  db.$client
    .prepare(
      `UPDATE channels SET guide_id = ?, guide_channel_id = ?, guide_mapping_manual = 1, guide_match = ?
        WHERE id = ?`,
    )
    .run(to?.guideId ?? null, to?.xmltvId ?? null, to ? 'manual' : null, channelId);
}

/** Back to automatic mapping for one channel. */
export async function clearManualMapping(db: Db, channelId: number): Promise<void> {
  db.$client.prepare('UPDATE channels SET guide_mapping_manual = 0 WHERE id = ?').run(channelId);
  await autoMap(db, { channelIds: [channelId] });
}
