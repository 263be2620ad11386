// What the sources, guides and channels command handlers share: the stores, the refresh machinery and the
// event bus. SourceService builds one of these and hands it to each group of handlers.
import type { sourceCommands } from '../../../src-shared/contract-sources';
import type { CommandHandlers } from '../command-handlers';
import type { Db } from '../db/open';
import type { Clock, EventBus } from '../events';
import type { GuideQuery } from '../guide/guide-query';
import type { GuideStore } from '../guide/guide-store';
import type { SecretStore } from '../secrets';
import type { RefreshQueue } from './refresh-queue';
import type { RefreshRunner } from './refresh-runner';
import type { RefreshTimer } from './refresh-timer';
import type { SourceStore } from './source-store';

export type SourceCommandName = keyof typeof sourceCommands;
export type SourceHandlers = CommandHandlers<SourceCommandName>;

export interface SourceHandlerContext {
  db: Db;
  bus: EventBus;
  clock: Clock;
  secrets: SecretStore;
  store: SourceStore;
  guides: GuideStore;
  guideQuery: GuideQuery;
  queue: RefreshQueue;
  runner: RefreshRunner;
  timer: RefreshTimer;
}
