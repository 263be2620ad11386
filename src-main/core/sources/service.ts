// Sources and guides: import, refresh on a schedule, mapping, and the contract's sources commands.
import type { CommandResult, ParsedInput } from '../../../src-shared/contract';
import type { sourceCommands } from '../../../src-shared/contract-sources';
import type { Db } from '../db/open';
import type { Clock, EventBus } from '../events';
import type { SecretStore } from '../secrets';

export type SourceCommandName = keyof typeof sourceCommands;
export type SourceHandlers = {
  [K in SourceCommandName]: (input: ParsedInput<K>) => Promise<CommandResult<K>> | CommandResult<K>;
};

export interface SourceServiceDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  dataDir: string;
  secrets: SecretStore;
}

export class SourceService {
  readonly handlers: SourceHandlers = {};

  constructor(private readonly deps: SourceServiceDeps) {}

  /** Arms the refresh timers (and catches up refreshes that fell due while the app was closed). */
  async start(): Promise<void> {
    void this.deps;
  }

  stop(): void {}

  /**
   * The URLs to record a channel from, in failover order, resolved at capture time. Kinds whose
   * stored URL carries no credentials (Xtream) build the real one here from the secret store.
   */
  resolveUrls(channel: { sourceId: number; url: string; fallbackUrls: string[] }): string[] {
    return [channel.url, ...channel.fallbackUrls];
  }
}
