// The sources, guides and channels commands around a bare SourceService (no recorder), for tests that
// exercise imports without opening a whole Dvr.
import { channelHandlers } from '../../src-main/core/commands/channels';
import type { SourceCommandContext } from '../../src-main/core/commands/context';
import { guideHandlers } from '../../src-main/core/commands/guides';
import { sourceHandlers } from '../../src-main/core/commands/sources';
import type { Db } from '../../src-main/core/db/open';
import type { Clock, EventBus } from '../../src-main/core/events';
import type { SecretStore } from '../../src-main/core/secrets';
import type { SourceService } from '../../src-main/core/sources/service';

export function sourceCommandsOf(
  service: SourceService,
  deps: { db: Db; bus: EventBus; clock: Clock; secrets: SecretStore },
) {
  const ctx: SourceCommandContext = {
    ...deps,
    sources: service.store,
    guides: service.guides,
    guideQuery: service.guideQuery,
    guideSearch: service.guideSearch,
    queue: service.queue,
    runner: service.runner,
    timer: service.timer,
  };
  return { ...sourceHandlers(ctx), ...guideHandlers(ctx), ...channelHandlers(ctx) };
}
