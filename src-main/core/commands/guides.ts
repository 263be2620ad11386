// The guides.* commands (list, add with the first import, update, refresh, remove, a guide's channels) and
// guide.query / guide.programme. A first import or a relocation that fails leaves things as they were before the command.
import { TapedeckError, type ParsedInput } from '../../../src-shared/contract';
import { DEFAULT_REFRESH_HOURS, type GuideInfo } from '../../../src-shared/domain-sources';
import type { GuideRow } from '../guide/guide-store';
import { autoMap } from '../guide/mapping';
import { defaultName } from '../sources/default-name';
import type { SourceCommandContext } from './context';
import type { Caller, CommandHandlers } from './handlers';
import { assertImportLocation } from './import-location';
import { redactUrl } from '../redact';
import { configOf } from '../sources/source-store';

type GuideCommands =
  | 'guides.list'
  | 'guides.get'
  | 'guides.add'
  | 'guides.update'
  | 'guides.refresh'
  | 'guides.remove'
  | 'guides.channels'
  | 'guide.query'
  | 'guide.programme'
  | 'guide.search'
  | 'guide.airings';

export function guideHandlers(ctx: SourceCommandContext): CommandHandlers<GuideCommands> {
  return {
    'guides.list': () => ctx.guides.rows().map((row) => guideInfo(ctx, row)),
    'guides.get': (input) => guideInfo(ctx, ctx.guides.row(input.id)),
    'guides.add': (input, caller) => addGuide(ctx, input, caller),
    'guides.update': (input, caller) => updateGuide(ctx, input, caller),
    'guides.refresh': async (input) => {
      ctx.guides.row(input.id);
      await ctx.runner.refresh({ target: 'guide', id: input.id });
      return guideInfo(ctx, ctx.guides.row(input.id));
    },
    'guides.remove': async (input) => {
      ctx.guides.row(input.id);
      await ctx.queue.cancel({ target: 'guide', id: input.id });
      ctx.guides.remove(input.id);
      await autoMap(ctx.db);
      ctx.bus.emit('guide.changed', { id: input.id, removed: true });
      ctx.bus.emit('channels.changed', {});
      return { id: input.id };
    },
    'guides.channels': (input) => ctx.guides.channels(input),
    'guide.query': (input) => ctx.guideQuery.query(input),
    'guide.programme': (input) => ctx.guideQuery.programme(input),
    'guide.search': (input) => ctx.guideSearch.search(input),
    'guide.airings': (input) => ctx.guideSearch.airings(input, ctx.clock.now()),
  };
}

function guideInfo(ctx: SourceCommandContext, row: GuideRow): GuideInfo {
  return ctx.guides.toInfo(row, ctx.queue.isActive({ target: 'guide', id: row.id }));
}

async function addGuide(
  ctx: SourceCommandContext,
  input: ParsedInput<'guides.add'>,
  caller: Caller | undefined,
): Promise<GuideInfo> {
  let location = input.location;
  if (input.sourceId !== undefined) {
    // An offered guide is shown with its password masked: take the real URL from the source.
    const source = ctx.sources.row(input.sourceId);
    const offered = configOf(source).offeredGuides ?? [];
    location = offered.find((url) => url === location || redactUrl(url) === location) ?? location;
  }
  await assertImportLocation(location, caller);
  const existing = ctx.guides.rows().find((g) => g.location === location);
  if (existing)
    throw new TapedeckError(
      'conflict',
      `this guide already exists as guide ${existing.id} (${existing.name})`,
    );
  const now = ctx.clock.now();
  const row = ctx.guides.insert({
    name: input.name ?? defaultName(location),
    location,
    offsetHours: input.offsetHours,
    sourceId: input.sourceId ?? null,
    refreshHours: input.refreshHours ?? DEFAULT_REFRESH_HOURS,
    // All or nothing: if the app dies during this first import, the next start removes the guide.
    firstImportPending: true,
    createdAt: now,
    updatedAt: now,
  });
  ctx.bus.emit('guide.changed', { id: row.id, removed: false });
  try {
    await ctx.runner.refresh({ target: 'guide', id: row.id });
    ctx.guides.update(row.id, { firstImportPending: false }, ctx.clock.now());
  } catch (error) {
    ctx.guides.remove(row.id);
    ctx.bus.emit('guide.changed', { id: row.id, removed: true });
    throw error;
  }
  if (input.sourceId !== undefined) {
    const source = ctx.sources.row(input.sourceId);
    const offered = (configOf(source).offeredGuides ?? []).filter((url) => url !== location);
    ctx.sources.updateConfig(source.id, { offeredGuides: offered }, ctx.clock.now());
  }
  return guideInfo(ctx, ctx.guides.row(row.id));
}

async function updateGuide(
  ctx: SourceCommandContext,
  input: ParsedInput<'guides.update'>,
  caller: Caller | undefined,
): Promise<GuideInfo> {
  const before = ctx.guides.row(input.id);
  if (input.location !== undefined) await assertImportLocation(input.location, caller);
  const now = ctx.clock.now();
  const values: Partial<GuideRow> = {};
  if (input.name !== undefined) values.name = input.name;
  if (input.refreshHours !== undefined) values.refreshHours = input.refreshHours;
  if (input.offsetHours !== undefined && input.offsetHours !== before.offsetHours) {
    // Wait for a running import: it parses with the old offset.
    await ctx.queue.cancel({ target: 'guide', id: before.id });
    ctx.guides.shiftProgrammes(before.id, input.offsetHours - before.offsetHours);
    values.offsetHours = input.offsetHours;
  }
  const relocate = input.location !== undefined && input.location !== before.location;
  if (relocate) values.location = input.location;
  ctx.guides.update(before.id, values, now);
  ctx.bus.emit('guide.changed', { id: before.id, removed: false });
  ctx.timer.arm(1000);
  if (relocate) {
    try {
      await ctx.runner.refresh({ target: 'guide', id: before.id });
    } catch (error) {
      ctx.guides.update(
        before.id,
        { location: before.location, lastError: before.lastError },
        before.updatedAt,
      );
      throw error;
    }
  }
  return guideInfo(ctx, ctx.guides.row(before.id));
}
