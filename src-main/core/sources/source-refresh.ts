// One refresh of one source: fetch and import by kind, then record the outcome on the row. A failure
// changes nothing but the row's last_error (and last_attempt_at): channels stay as the last good import
// left them.
import path from 'node:path';
import type { ImportReport } from '../../../src-shared/domain-sources';
import type { Db } from '../db/open';
import type { Clock } from '../events';
import type { SecretStore } from '../secrets';
import { deviceBaseUrl, importHdHomeRun } from './hdhomerun/hdhomerun';
import { ChannelSync, type SyncResult } from './channel-sync';
import { ImportError } from '../import/import-error';
import { openSqlWriter, type SqlWriter } from '../import/sql-writer';
import { importM3u } from './m3u/m3u-import';
import type { ProgressReporter } from '../import/progress';
import {
  configOf,
  readCredentials,
  type SourceConfig,
  type SourceRow,
  type SourceStore,
} from './source-store';
import { importXtream } from './xtream/xtream-import';

export interface RefreshContext {
  db: Db;
  store: SourceStore;
  secrets: SecretStore;
  clock: Clock;
  dataDir: string;
  /** false: write on the main connection (tests); default: a writer thread. */
  useWorker: boolean;
  /** Locations of existing guides (unredacted), so offered guides already added are not offered again. */
  guideLocations: () => Set<string>;
}

interface Outcome {
  sync: SyncResult;
  problems: ImportReport['problems'];
  problemCount: number;
  config: Partial<SourceConfig>;
  providerLimit: number | null;
}

export async function refreshSource(
  ctx: RefreshContext,
  row: SourceRow,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<ImportReport> {
  const started = ctx.clock.now();
  let writer: SqlWriter | null = null;
  const begin = async (): Promise<ChannelSync> => {
    writer = await openSqlWriter(ctx.db.$client, { worker: ctx.useWorker });
    return ChannelSync.begin(ctx.db, writer, row.id, started);
  };
  let outcome: Outcome;
  try {
    outcome = await importByKind(ctx, row, signal, progress, begin);
    await (writer as SqlWriter | null)?.close();
  } catch (error) {
    (writer as SqlWriter | null)?.abort();
    throw error;
  }
  const config = { ...configOf(row), ...outcome.config };
  const override = config.maxConnectionsOverride ?? null;
  const report: ImportReport = {
    at: started,
    durationMs: ctx.clock.now() - started,
    items: outcome.sync.items,
    added: outcome.sync.added,
    updated: outcome.sync.updated,
    removed: outcome.sync.removed,
    problems: outcome.problems.slice(0, 100),
    problemCount: outcome.problemCount,
    stoppedEarly: null,
  };
  ctx.store.recordSuccess(
    row.id,
    report,
    {
      config: config as Record<string, unknown>,
      maxConnections: override ?? outcome.providerLimit,
      channelCounts: outcome.sync.counts,
    },
    ctx.clock.now(),
  );
  return report;
}

async function importByKind(
  ctx: RefreshContext,
  row: SourceRow,
  signal: AbortSignal,
  progress: ProgressReporter,
  begin: () => Promise<ChannelSync>,
): Promise<Outcome> {
  const config = configOf(row);
  switch (row.kind) {
    case 'm3u': {
      if (!row.location) throw new ImportError('invalid_input', 'the source has no playlist location');
      const result = await importM3u({
        location: row.location,
        tempDir: path.join(ctx.dataDir, 'tmp'),
        begin,
        signal,
        onProgress: (phase, done, total) => progress.report(phase, done, total),
      });
      const known = ctx.guideLocations();
      return {
        sync: result.sync,
        problems: result.problems.map((p) => ({ line: p.line, offset: null, message: p.message })),
        problemCount: result.problemCount,
        config: { offeredGuides: result.header.tvgUrls.filter((url) => !known.has(url)) },
        // A playlist says nothing about limits: only the user's number applies.
        providerLimit: null,
      };
    }
    case 'xtream': {
      if (!row.location) throw new ImportError('invalid_input', 'the source has no server');
      const creds = readCredentials(ctx.secrets, row.id);
      if (!creds) {
        throw new ImportError(
          'invalid_input',
          'the username and password of this source are missing; set them again',
        );
      }
      const result = await importXtream({
        server: row.location,
        creds,
        preferredFormat: config.outputFormat ?? null,
        now: ctx.clock.now(),
        signal,
        begin,
        onProgress: (phase, done, total) => progress.report(phase, done, total),
      });
      return {
        sync: result.sync,
        problems: result.problems,
        problemCount: result.problemCount,
        config: { account: result.account },
        providerLimit: result.account.maxConnections,
      };
    }
    case 'hdhomerun': {
      if (!row.location) throw new ImportError('invalid_input', 'the source has no device address');
      const result = await importHdHomeRun({
        address: deviceBaseUrl(row.location),
        begin,
        signal,
        onProgress: (phase, done, total) => progress.report(phase, done, total),
      });
      return {
        sync: result.sync,
        problems: result.problems,
        problemCount: result.problemCount,
        config: { device: result.device },
        providerLimit: result.device.tunerCount,
      };
    }
    case 'manual':
      throw new ImportError('conflict', 'channels added by hand have nothing to refresh');
  }
}
