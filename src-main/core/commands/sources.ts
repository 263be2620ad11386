// The sources.* commands: list, add (with the first import), update, refresh, remove. A first import or a
// refetch that fails leaves things as they were before the command.
import { TapedeckError, type ParsedInput } from '../../../src-shared/contract';
import { DEFAULT_REFRESH_HOURS, type SourceInfo } from '../../../src-shared/domain-sources';
import { autoMap } from '../guide/mapping';
import { defaultName } from '../sources/default-name';
import type { SourceCommandContext } from './context';
import type { Caller, CommandHandlers } from './handlers';
import { assertImportLocation, importLocationAllowed } from './import-location';
import { deviceBaseUrl } from '../sources/hdhomerun/hdhomerun';
import {
  configOf,
  deleteCredentials,
  readCredentials,
  writeCredentials,
  type SourceRow,
} from '../sources/source-store';
import { normalizeServer } from '../sources/xtream/xtream-api';

type SourceCommands =
  'sources.list' | 'sources.get' | 'sources.add' | 'sources.update' | 'sources.refresh' | 'sources.remove';

export function sourceHandlers(ctx: SourceCommandContext): CommandHandlers<SourceCommands> {
  return {
    'sources.list': () => ctx.sources.rows().map((row) => sourceInfo(ctx, row)),
    'sources.get': (input) => sourceInfo(ctx, ctx.sources.row(input.id)),
    'sources.add': (input, caller) => addSource(ctx, input, caller),
    'sources.update': (input, caller) => updateSource(ctx, input, caller),
    'sources.refresh': async (input) => {
      const row = ctx.sources.row(input.id);
      if (row.kind === 'manual') {
        throw new TapedeckError('conflict', 'channels added by hand have nothing to refresh');
      }
      await ctx.runner.refresh({ target: 'source', id: input.id });
      return sourceInfo(ctx, ctx.sources.row(input.id));
    },
    'sources.remove': async (input) => {
      ctx.sources.row(input.id);
      await ctx.queue.cancel({ target: 'source', id: input.id });
      const guideIds = ctx.sources.guideIds(input.id);
      for (const id of guideIds) {
        await ctx.queue.cancel({ target: 'guide', id });
        ctx.guides.remove(id);
      }
      ctx.sources.remove(input.id);
      deleteCredentials(ctx.secrets, input.id);
      if (guideIds.length) await autoMap(ctx.db);
      ctx.bus.emit('sources.changed', { id: input.id, removed: true });
      for (const id of guideIds) ctx.bus.emit('guide.changed', { id, removed: true });
      ctx.bus.emit('channels.changed', {});
      return { id: input.id };
    },
  };
}

function sourceInfo(ctx: SourceCommandContext, row: SourceRow): SourceInfo {
  return ctx.sources.toInfo(row, {
    refreshing: ctx.queue.isActive({ target: 'source', id: row.id }),
    protection: ctx.secrets.protection,
  });
}

async function addSource(
  ctx: SourceCommandContext,
  input: ParsedInput<'sources.add'>,
  caller: Caller | undefined,
): Promise<SourceInfo> {
  const now = ctx.clock.now();
  const refreshHours = input.refreshHours ?? DEFAULT_REFRESH_HOURS;
  const override = input.maxConnections ?? null;
  let row: SourceRow;
  if (input.kind === 'm3u') {
    await assertImportLocation(input.location, caller);
    assertNew(ctx, 'm3u', input.location);
    row = ctx.sources.insert({
      kind: 'm3u',
      name: input.name ?? defaultName(input.location),
      location: input.location,
      maxConnections: override,
      refreshHours,
      // All or nothing: if the app dies during this first import, the next start removes the source.
      firstImportPending: true,
      config: { maxConnectionsOverride: override },
      createdAt: now,
      updatedAt: now,
    });
  } else if (input.kind === 'xtream') {
    const server = normalizeServer(input.server);
    for (const other of ctx.sources.rows()) {
      if (other.kind === 'xtream' && other.location === server) {
        if (readCredentials(ctx.secrets, other.id)?.username === input.username) {
          throw new TapedeckError('conflict', `this account is already source ${other.id} (${other.name})`);
        }
      }
    }
    row = ctx.sources.insert({
      kind: 'xtream',
      name: input.name ?? new URL(server).hostname,
      location: server,
      maxConnections: override,
      refreshHours,
      // All or nothing: if the app dies during this first import, the next start removes the source.
      firstImportPending: true,
      config: { maxConnectionsOverride: override, outputFormat: input.outputFormat ?? null },
      createdAt: now,
      updatedAt: now,
    });
    writeCredentials(ctx.secrets, row.id, { username: input.username, password: input.password });
  } else {
    const base = deviceBaseUrl(input.address);
    assertNew(ctx, 'hdhomerun', base);
    row = ctx.sources.insert({
      kind: 'hdhomerun',
      name: input.name ?? `HDHomeRun ${new URL(base).host}`,
      location: base,
      maxConnections: override,
      refreshHours,
      // All or nothing: if the app dies during this first import, the next start removes the source.
      firstImportPending: true,
      config: { maxConnectionsOverride: override },
      createdAt: now,
      updatedAt: now,
    });
  }
  ctx.bus.emit('sources.changed', { id: row.id, removed: false });
  try {
    await ctx.runner.refresh({ target: 'source', id: row.id });
    ctx.sources.update(row.id, { firstImportPending: false }, ctx.clock.now());
  } catch (error) {
    // The first import failed: leave nothing behind, so the user can simply try again.
    ctx.sources.remove(row.id);
    deleteCredentials(ctx.secrets, row.id);
    ctx.bus.emit('sources.changed', { id: row.id, removed: true });
    throw error;
  }
  if (input.kind === 'xtream' && input.withGuide) {
    addOwnGuide(ctx, row.id, `${input.name ?? row.name} guide`, `${row.location}/xmltv.php`);
  }
  if (input.kind === 'm3u' && input.addOfferedGuides) {
    const offered = configOf(ctx.sources.row(row.id)).offeredGuides ?? [];
    // The playlist names them, so the caller's limits apply: a guide file outside the import folder
    // stays offered (for the CLI or the desktop app) instead of being read for a browser.
    const refused: string[] = [];
    for (const [i, url] of offered.entries()) {
      if (!(await importLocationAllowed(url, caller))) refused.push(url);
      else addOwnGuide(ctx, row.id, `${row.name} guide${offered.length > 1 ? ` ${i + 1}` : ''}`, url);
    }
    ctx.sources.updateConfig(row.id, { offeredGuides: refused }, ctx.clock.now());
  }
  return sourceInfo(ctx, ctx.sources.row(row.id));
}

/** A guide that belongs to a source (removed with it); its first import runs in the background. */
function addOwnGuide(ctx: SourceCommandContext, sourceId: number, name: string, location: string): void {
  const now = ctx.clock.now();
  const guide = ctx.guides.insert({
    name,
    location,
    sourceId,
    offsetHours: 0,
    refreshHours: ctx.sources.row(sourceId).refreshHours,
    createdAt: now,
    updatedAt: now,
  });
  ctx.bus.emit('guide.changed', { id: guide.id, removed: false });
  ctx.runner.refresh({ target: 'guide', id: guide.id }).catch(() => undefined);
}

function assertNew(ctx: SourceCommandContext, kind: SourceRow['kind'], location: string): void {
  const existing = ctx.sources.rows().find((r) => r.kind === kind && r.location === location);
  if (existing) {
    throw new TapedeckError(
      'conflict',
      `this ${kind} source already exists as source ${existing.id} (${existing.name})`,
    );
  }
}

async function updateSource(
  ctx: SourceCommandContext,
  input: ParsedInput<'sources.update'>,
  caller: Caller | undefined,
): Promise<SourceInfo> {
  const before = ctx.sources.row(input.id);
  const now = ctx.clock.now();
  const config = configOf(before);
  const values: Partial<SourceRow> = {};
  const configPatch: Record<string, unknown> = {};
  let refetch = false;
  if (input.name !== undefined) values.name = input.name;
  if (input.refreshHours !== undefined) values.refreshHours = input.refreshHours;
  if (input.connectionGroup !== undefined) values.connectionGroup = input.connectionGroup;
  if (input.maxConnections !== undefined) {
    configPatch.maxConnectionsOverride = input.maxConnections;
    const provider =
      before.kind === 'xtream'
        ? (config.account?.maxConnections ?? null)
        : before.kind === 'hdhomerun'
          ? (config.device?.tunerCount ?? null)
          : null;
    values.maxConnections = input.maxConnections ?? provider;
  }
  const wrongKind = (field: string, kinds: string) =>
    new TapedeckError('invalid_input', `${field} applies to ${kinds} sources only`);
  if (input.location !== undefined) {
    if (before.kind !== 'm3u') throw wrongKind('location', 'm3u');
    await assertImportLocation(input.location, caller);
    values.location = input.location;
    refetch ||= input.location !== before.location;
  }
  if (input.address !== undefined) {
    if (before.kind !== 'hdhomerun') throw wrongKind('address', 'hdhomerun');
    values.location = deviceBaseUrl(input.address);
    refetch ||= values.location !== before.location;
  }
  const oldCreds = before.kind === 'xtream' ? readCredentials(ctx.secrets, before.id) : null;
  if (input.server !== undefined || input.username !== undefined || input.password !== undefined) {
    if (before.kind !== 'xtream') throw wrongKind('server, username and password', 'xtream');
    if (input.server !== undefined) values.location = normalizeServer(input.server);
    const username = input.username ?? oldCreds?.username;
    const password = input.password ?? oldCreds?.password;
    if (!username || !password)
      throw new TapedeckError('invalid_input', 'give both the username and the password');
    writeCredentials(ctx.secrets, before.id, { username, password });
    refetch = true;
  }
  if (input.outputFormat !== undefined) {
    if (before.kind !== 'xtream') throw wrongKind('outputFormat', 'xtream');
    configPatch.outputFormat = input.outputFormat;
    refetch = true;
  }
  ctx.sources.update(before.id, { ...values, config: { ...config, ...configPatch } }, now);
  ctx.bus.emit('sources.changed', { id: before.id, removed: false });
  // A new refresh interval may make it due sooner than the timer thinks.
  ctx.timer.arm(1000);
  if (refetch) {
    try {
      await ctx.runner.refresh({ target: 'source', id: before.id });
    } catch (error) {
      // New location or credentials that do not work: back to the old ones, nothing else changed.
      ctx.sources.update(
        before.id,
        { location: before.location, config: before.config, lastError: before.lastError },
        before.updatedAt,
      );
      if (oldCreds) writeCredentials(ctx.secrets, before.id, oldCreds);
      ctx.bus.emit('sources.changed', { id: before.id, removed: false });
      throw error;
    }
  }
  return sourceInfo(ctx, ctx.sources.row(before.id));
}
