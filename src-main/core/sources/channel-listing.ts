// Channel listings with their source, kind and guide mapping (channels.search, channels.groups).
// VOD and series entries, and channels a refresh no longer lists, are left out unless asked for.
import type { ParsedInput } from '../../../src-shared/contract';
import {
  logoUrlOf,
  type ChannelKind,
  type ChannelListing,
  type ChannelPage,
  type GroupCount,
  type GuideMatch,
} from '../../../src-shared/domain-sources';
import type { Source } from '../../../src-shared/domain';
import type { Db } from '../db/open';
import { escapeLike } from '../guide/guide-query';

const SELECT = `SELECT c.id, c.source_id, s.name, s.kind, c.name, c.number, c.group_name, c.logo, c.kind, c.tvg_id,
    c.guide_id, g.name, c.guide_channel_id, gc.display_names, c.guide_match, c.guide_mapping_manual, c.attrs,
    c.missing_since, c.enabled
  FROM channels c
  JOIN sources s ON s.id = c.source_id
  LEFT JOIN guides g ON g.id = c.guide_id
  LEFT JOIN guide_channels gc ON gc.guide_id = c.guide_id AND gc.xmltv_id = c.guide_channel_id`;

type Row = [
  number,
  number,
  string,
  Source['kind'],
  string,
  string | null,
  string | null,
  string | null,
  ChannelKind,
  string | null,
  number | null,
  string | null,
  string | null,
  string | null,
  GuideMatch | null,
  number,
  string,
  number | null,
  number,
];

function firstName(json: string | null): string | null {
  if (!json) return null;
  try {
    const names = JSON.parse(json) as unknown;
    return Array.isArray(names) && typeof names[0] === 'string' ? names[0] : null;
  } catch {
    return null;
  }
}

function catchupOf(attrsJson: string): ChannelListing['catchup'] {
  if (attrsJson === '{}') return null;
  let attrs: Record<string, string>;
  try {
    attrs = JSON.parse(attrsJson) as Record<string, string>;
  } catch {
    return null;
  }
  const mode = attrs.catchup ?? (attrs.timeshift || attrs['catchup-days'] ? 'default' : undefined);
  if (!mode) return null;
  const days = Number(attrs['catchup-days'] ?? attrs.timeshift);
  return {
    mode,
    days: Number.isFinite(days) && days > 0 ? days : null,
    source: attrs['catchup-source'] ?? null,
  };
}

function toListing(r: Row): ChannelListing {
  const [
    id,
    sourceId,
    sourceName,
    sourceKind,
    name,
    number,
    group,
    logo,
    kind,
    tvgId,
    guideId,
    guideName,
    xmltvId,
    displayNames,
    match,
    manual,
    attrs,
    missingSince,
    enabled,
  ] = r;
  return {
    id,
    sourceId,
    sourceName,
    sourceKind,
    name,
    number,
    group,
    logo,
    kind,
    tvgId,
    guide:
      guideId !== null && xmltvId !== null
        ? {
            guideId,
            guideName: guideName ?? `guide ${guideId}`,
            xmltvId,
            displayName: firstName(displayNames),
            match: match ?? (manual ? 'manual' : 'tvg-id'),
          }
        : null,
    guideManual: manual === 1,
    catchup: catchupOf(attrs),
    missingSince,
    enabled: enabled === 1,
    logoUrl: logoUrlOf(id, logo),
  };
}

export function searchChannels(db: Db, input: ParsedInput<'channels.search'>): ChannelPage {
  const where = [`c.kind IN (SELECT value FROM json_each(?))`];
  const params: Array<string | number> = [JSON.stringify(input.kinds)];
  if (!input.includeMissing) where.push('c.missing_since IS NULL');
  if (input.sourceId !== undefined) {
    where.push('c.source_id = ?');
    params.push(input.sourceId);
  }
  if (input.group !== undefined) {
    where.push(input.group === '' ? 'c.group_name IS NULL' : 'c.group_name = ?');
    if (input.group !== '') params.push(input.group);
  }
  if (input.search) {
    // Name, number or tvg-id; LIKE is case-insensitive for ASCII.
    where.push(`(c.name LIKE ? ESCAPE '\\' OR c.number = ? OR c.tvg_id = ?)`);
    params.push(`%${escapeLike(input.search)}%`, input.search, input.search);
  }
  if (input.mapped !== undefined) where.push(input.mapped ? 'c.guide_id IS NOT NULL' : 'c.guide_id IS NULL');
  if (input.enabled !== undefined) where.push(input.enabled ? 'c.enabled = 1' : 'c.enabled = 0');
  const clause = where.join(' AND ');
  const client = db.$client;
  const total = client
    .prepare(`SELECT COUNT(*) FROM channels c WHERE ${clause}`)
    .pluck()
    .get(...params) as number;
  const rows = client
    .prepare(`${SELECT} WHERE ${clause} ORDER BY c.id LIMIT ? OFFSET ?`)
    .raw()
    .all(...params, input.limit, input.offset) as Row[];
  return { total, channels: rows.map(toListing) };
}

export function getChannelListing(db: Db, id: number): ChannelListing | null {
  const row = db.$client.prepare(`${SELECT} WHERE c.id = ?`).raw().get(id) as Row | undefined;
  return row ? toListing(row) : null;
}

export function channelGroups(db: Db, input: ParsedInput<'channels.groups'>): GroupCount[] {
  const params: Array<string | number> = [JSON.stringify(input.kinds)];
  let where = `kind IN (SELECT value FROM json_each(?)) AND missing_since IS NULL`;
  if (input.sourceId !== undefined) {
    where += ' AND source_id = ?';
    params.push(input.sourceId);
  }
  const rows = db.$client
    .prepare(
      `SELECT group_name, COUNT(*) FROM channels WHERE ${where} GROUP BY group_name ORDER BY group_name`,
    )
    .raw()
    .all(...params) as Array<[string | null, number]>;
  return rows.map(([group, count]) => ({ group, count }));
}
