// One refresh of one XMLTV guide: open the file or URL (an Xtream guide gets its account's credentials
// here, at fetch time), stream it into the tables, record the outcome. A failure leaves the stored guide
// as it was and sets last_error.
import type { ImportReport } from '../../../src-shared/domain-sources';
import type { Db } from '../db/open';
import type { Clock } from '../events';
import type { SecretStore } from '../secrets';
import { ImportError } from '../import/import-error';
import { openInput } from '../import/open-input';
import { openSqlWriter, type SqlWriter } from '../import/sql-writer';
import type { ProgressReporter } from '../import/progress';
import { readCredentials, type SourceStore } from '../sources/source-store';
import { xtreamGuideUrl } from '../sources/xtream/xtream-api';
import type { GuideRow, GuideStore } from './guide-store';
import { importXmltv, MAX_GUIDE_BYTES } from './xmltv-import';

export interface GuideRefreshContext {
  db: Db;
  guides: GuideStore;
  sources: SourceStore;
  secrets: SecretStore;
  clock: Clock;
  useWorker: boolean;
  maxGuideBytes?: number;
}

/** The URL to fetch: an Xtream source's guide is its server's xmltv.php with the account's credentials. */
export function guideFetchLocation(ctx: GuideRefreshContext, row: GuideRow): string {
  if (row.sourceId === null) return row.location;
  const source = ctx.sources.rows().find((s) => s.id === row.sourceId);
  if (source?.kind !== 'xtream' || !source.location || row.location !== `${source.location}/xmltv.php`) {
    return row.location;
  }
  const creds = readCredentials(ctx.secrets, source.id);
  if (!creds) throw new ImportError('invalid_input', `the credentials of source ${source.id} are missing`);
  return xtreamGuideUrl(source.location, creds);
}

export async function refreshGuide(
  ctx: GuideRefreshContext,
  row: GuideRow,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<ImportReport> {
  const started = ctx.clock.now();
  // Above every earlier run's stamp even if the clock stood still or went back: seen_at decides which
  // programmes an import replaced. Kept as the report's `at`, so the next run can go above it.
  const runStamp = Math.max(started, (row.lastImport?.at ?? 0) + 1, (row.lastAttemptAt ?? 0) + 1);
  const maxBytes = ctx.maxGuideBytes ?? MAX_GUIDE_BYTES;
  progress.report('connecting', 0, null);
  const input = await openInput(guideFetchLocation(ctx, row), {
    maxBytes,
    signal,
    onBytes: (done, total) => progress.report('downloading', done, total),
  });
  let writer: SqlWriter | null = null;
  try {
    writer = await openSqlWriter(ctx.db.$client, { worker: ctx.useWorker });
    const result = await importXmltv({
      guideId: row.id,
      offsetHours: row.offsetHours,
      bytes: input.chunks,
      writer,
      knownChannels: ctx.guides.xmltvIds(row.id),
      maxIdBefore: ctx.guides.maxProgrammeId(),
      hadProgrammes: ctx.guides.hasProgrammes(row.id),
      now: started,
      runStamp,
      maxBytes,
      signal,
      onProgress: (done) => progress.report('importing', done, null),
    });
    progress.report('finishing', result.programmes, result.programmes);
    await writer.close();
    writer = null;
    const report: ImportReport = {
      at: runStamp,
      durationMs: ctx.clock.now() - started,
      items: result.programmes,
      added: result.added,
      updated: result.stored - result.added,
      removed: result.removed + result.pruned,
      problems: result.problems,
      problemCount: result.problemCount,
      stoppedEarly: result.stoppedEarly,
      tooOld: result.tooOld,
    };
    const partial = result.stoppedEarly ? `imported only part of the guide: ${result.stoppedEarly}` : null;
    ctx.guides.recordSuccess(row.id, report, partial, ctx.clock.now());
    return report;
  } finally {
    (writer as SqlWriter | null)?.abort();
    input.cancel();
  }
}
