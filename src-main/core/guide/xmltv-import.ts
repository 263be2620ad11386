// Imports an XMLTV guide (file or URL, plain or gzip) into guide_channels and programmes.
//
// Streaming end to end: bytes -> gunzip (capped) -> the XMLTV parser -> rows handed in batches to
// the writer thread, which upserts them while the parser reads on. Memory is bounded by the batch size,
// never by the guide's size.
//
// Identity: (guide, channel, start, title). A re-import upserts in place (ids stay, recordings keep their
// programme) and stamps seen_at. Only after a complete read are programmes the guide no longer has
// removed, and only inside the time span this import covered for that channel, so a guide cut short
// never wipes what lies beyond the cut. Programmes that ended before the retention window are skipped
// on import and pruned from the table.
import { GUIDE_RETENTION_MS } from '../../../src-shared/domain-sources';
import type { ImportProblem } from '../../../src-shared/domain-sources';
import type { SqlStep, SqlValue, SqlWriter } from '../import/sql-writer';
import { ImportError } from '../import/import-error';
import { matchName } from '../sources/names';
import { gunzipIfNeeded } from '../import/decompress';
import { XmltvParser, type XmltvChannel, type XmltvProgramme, type XmltvSummary } from './parse/xmltv';

/** Guides are rarely over 1 GiB uncompressed; a bigger one is stopped (and kept up to there). */
export const MAX_GUIDE_BYTES = 2 * 1024 ** 3;
/** Programmes in one writer batch (one transaction). */
const BATCH = 1000;
/** Values per programme sent to the writer; the guide id and the run stamp are bound once per batch. */
const PROGRAMME_WIDTH = 16;
const CHANNEL_WIDTH = 5;

const UPSERT_PROGRAMME = `INSERT INTO programmes (xmltv_channel_id, start_at, stop_at, title, sub_title,
    description, categories, season, episode, episode_num, is_new, previously_shown, premiere, icon, rating,
    uid, guide_id, seen_at)
  VALUES (${new Array(PROGRAMME_WIDTH + 2).fill('?').join(', ')})
  ON CONFLICT (guide_id, xmltv_channel_id, start_at, title) DO UPDATE SET
    seen_at = excluded.seen_at, stop_at = excluded.stop_at, sub_title = excluded.sub_title,
    description = excluded.description, categories = excluded.categories, season = excluded.season,
    episode = excluded.episode, episode_num = excluded.episode_num, is_new = excluded.is_new,
    previously_shown = excluded.previously_shown, premiere = excluded.premiere, icon = excluded.icon,
    rating = excluded.rating, uid = excluded.uid`;

const UPSERT_CHANNEL = `INSERT INTO guide_channels (guide_id, xmltv_id, display_names, normalized_name, icon)
  VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (guide_id, xmltv_id) DO UPDATE SET display_names = excluded.display_names,
    normalized_name = excluded.normalized_name, icon = excluded.icon`;

/** A flat copy, so a kept string does not pin the text piece it was sliced from. */
function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

const EMPTY_GUIDE = 'the guide is empty (an XMLTV <tv> with no channels and no programmes)';

export interface XmltvImportOptions {
  guideId: number;
  offsetHours: number;
  bytes: AsyncIterable<Uint8Array>;
  writer: SqlWriter;
  /** The guide's current xmltv channel ids (read before the import), to drop channels it no longer has. */
  knownChannels: Set<string>;
  /** The highest programme id before the import: rows above it are new. */
  maxIdBefore: number;
  /** Stamped on every programme this import delivers; must be above any earlier import's stamp. */
  runStamp: number;
  /** Whether the guide had programmes before (else there is nothing to replace or prune). */
  hadProgrammes: boolean;
  now: number;
  retentionMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
  onProgress: (done: number) => void;
}

export interface XmltvImportResult {
  channels: number;
  programmes: number;
  /** Programmes skipped because they ended before the retention window. */
  tooOld: number;
  /** Programmes written (new or updated), and how many of them are new rows. */
  stored: number;
  added: number;
  /** Programmes deleted as replaced (no longer in the guide, inside the span it now covers). */
  removed: number;
  pruned: number;
  problems: ImportProblem[];
  problemCount: number;
  stoppedEarly: string | null;
}

export async function importXmltv(options: XmltvImportOptions): Promise<XmltvImportResult> {
  const { writer, guideId, now } = options;
  const cutoff = now - (options.retentionMs ?? GUIDE_RETENTION_MS);
  const seenAt = options.runStamp;
  let programmes: SqlValue[] = [];
  let channels: SqlValue[] = [];
  let failure: Error | null = null;
  const seenChannels = new Set<string>();
  /** Per channel: [first start, last start] this import delivered, for the replaced-programme sweep. */
  const spans = new Map<string, [number, number]>();
  let stored = 0;
  let tooOld = 0;
  let openEnded = 0;
  let reported = 0;

  const send = (sql: string, width: number, values: SqlValue[], fixed: SqlValue[] = []) =>
    writer.batch(sql, width, values, fixed).catch((error: unknown) => {
      failure ??= error instanceof Error ? error : new Error(String(error));
    });

  const onProgramme = (p: XmltvProgramme) => {
    if ((p.stop ?? p.start) < cutoff) {
      tooOld++;
      return;
    }
    stored++;
    const span = spans.get(p.channel);
    // detach(): the parser's strings are slices of its ~64 KiB text pieces; a kept key would keep its
    // piece alive (1,000 channels, 1,000 pieces: measured +60 MB peak RSS).
    if (span === undefined) spans.set(detach(p.channel), [p.start, p.start]);
    else if (p.start < span[0]) span[0] = p.start;
    else if (p.start > span[1]) span[1] = p.start;
    if (p.stop === null) openEnded++;
    programmes.push(
      p.channel,
      p.start,
      p.stop,
      p.title,
      p.subTitle,
      p.desc,
      p.categories.length === 0 ? '[]' : JSON.stringify(p.categories),
      p.season,
      p.episode,
      p.episodeNum.onscreen ?? p.episodeNum.xmltvNs ?? null,
      p.isNew ? 1 : 0,
      p.previouslyShown ? 1 : 0,
      p.premiere ? 1 : 0,
      p.icon,
      p.rating,
      p.episodeNum.ddProgid ?? null,
    );
  };
  const onChannel = (c: XmltvChannel) => {
    seenChannels.add(detach(c.id));
    const first = c.displayNames[0] ?? null;
    channels.push(
      guideId,
      c.id,
      JSON.stringify(c.displayNames),
      first === null ? null : matchName(first),
      c.icon,
    );
  };
  const parser = new XmltvParser(
    { programme: onProgramme, channel: onChannel },
    { offsetHours: options.offsetHours, detachStrings: false },
  );

  let inputError: Error | null = null;
  try {
    for await (const chunk of gunzipIfNeeded(options.bytes, {
      maxBytes: options.maxBytes ?? MAX_GUIDE_BYTES,
    })) {
      if (options.signal?.aborted) throw new ImportError('unavailable', 'the import was stopped');
      const more = parser.write(chunk);
      if (channels.length >= 500 * CHANNEL_WIDTH) {
        void send(UPSERT_CHANNEL, CHANNEL_WIDTH, channels);
        channels = [];
      }
      if (programmes.length >= BATCH * PROGRAMME_WIDTH) {
        void send(UPSERT_PROGRAMME, PROGRAMME_WIDTH, programmes, [guideId, seenAt]);
        programmes = [];
        await writer.drain(4);
        if (failure) throw failure;
      }
      if (stored - reported >= 10_000) {
        reported = stored;
        options.onProgress(stored);
      }
      if (!more) break;
    }
  } catch (error) {
    if ((failure && error === failure) || options.signal?.aborted) throw error;
    // A source error (network cut, gzip bomb, truncated gzip): keep what was read, report it.
    inputError = error instanceof Error ? error : new Error(String(error));
    parser.fail(inputError.message);
  }
  const summary = parser.end();
  if (channels.length) void send(UPSERT_CHANNEL, CHANNEL_WIDTH, channels);
  if (programmes.length) void send(UPSERT_PROGRAMME, PROGRAMME_WIDTH, programmes, [guideId, seenAt]);
  channels = [];
  programmes = [];
  await writer.drain(0);
  await new Promise((resolve) => setImmediate(resolve));
  if (failure) throw failure;

  const empty = summary.programmes === 0 && summary.channels === 0;
  if (empty) checkEmpty(summary, inputError, options);

  const complete = summary.stopped === null && inputError === null;
  const steps: SqlStep[] = [];
  // Replaced programmes can only exist if the guide had programmes before this import.
  if (complete && options.hadProgrammes) {
    for (const [channel, [from, to]] of spans) {
      steps.push({
        sql: `DELETE FROM programmes WHERE guide_id = ? AND xmltv_channel_id = ? AND start_at BETWEEN ? AND ?
          AND seen_at < ?`,
        params: [guideId, channel, from, to, seenAt],
      });
    }
  }
  const sweepSteps = steps.length;
  if (openEnded !== 0) {
    // A missing stop is the next programme's start on that channel (XMLTV's own convention).
    steps.push({
      sql: `UPDATE programmes SET stop_at = (SELECT MIN(n.start_at) FROM programmes n
          WHERE n.guide_id = programmes.guide_id AND n.xmltv_channel_id = programmes.xmltv_channel_id
            AND n.start_at > programmes.start_at)
        WHERE guide_id = ? AND stop_at IS NULL`,
      params: [guideId],
    });
  }
  const pruneStep = steps.length;
  if (options.hadProgrammes) {
    steps.push({
      sql: 'DELETE FROM programmes WHERE guide_id = ? AND COALESCE(stop_at, start_at) < ?',
      params: [guideId, cutoff],
    });
  }
  const gone = complete ? [...options.knownChannels].filter((id) => !seenChannels.has(id)) : [];
  if (gone.length !== 0) {
    steps.push({
      sql: 'DELETE FROM guide_channels WHERE guide_id = ? AND xmltv_id IN (SELECT value FROM json_each(?))',
      params: [guideId, JSON.stringify(gone)],
    });
  }
  // New rows have ids above the highest one before the import (a rowid range: no scan).
  steps.push({
    sql: 'SELECT COUNT(*) AS added FROM programmes WHERE id > ? AND guide_id = ?',
    params: [options.maxIdBefore, guideId],
    rows: true,
  });
  const results = await writer.transaction(steps);
  // The guide's distinct titles, for the planner (rules match titles before programmes): worked out
  // here, on the writer thread, once per import, instead of by a scan of every programme per plan.
  await writer.transaction([
    { sql: 'DELETE FROM guide_titles WHERE guide_id = ?', params: [guideId] },
    {
      sql: 'INSERT INTO guide_titles (guide_id, title) SELECT DISTINCT guide_id, title FROM programmes WHERE guide_id = ?',
      params: [guideId],
    },
  ]);
  let removed = 0;
  for (let i = 0; i < sweepSteps; i++) removed += results[i] as number;
  const pruned = options.hadProgrammes ? (results[pruneStep] as number) : 0;
  const added = (results[results.length - 1] as Array<{ added: number }>)[0]?.added ?? 0;

  const problems: ImportProblem[] = summary.problems
    .slice(0, 100)
    .map((p) => ({ line: p.line, offset: p.offset, message: p.message }));
  // A valid but empty guide is stored (as nothing), with a word on why it shows nothing.
  if (empty) problems.unshift({ line: null, offset: null, message: `${EMPTY_GUIDE}: nothing to show yet` });
  return {
    channels: summary.channels,
    programmes: summary.programmes,
    tooOld,
    stored,
    added,
    removed,
    pruned,
    problems,
    problemCount: summary.problemCount + (empty ? 1 : 0),
    stoppedEarly: summary.stopped,
  };
}

/**
 * An import that delivered nothing: throws unless it is a valid, empty XMLTV document (`<tv></tv>`) for a
 * guide that has nothing stored yet. Never stored as an empty guide over data: on a refresh, an empty file
 * is far more often a provider's glitch than a guide that ended.
 */
function checkEmpty(summary: XmltvSummary, inputError: Error | null, options: XmltvImportOptions): void {
  if (inputError) {
    const code = inputError instanceof ImportError ? inputError.code : 'invalid_input';
    throw new ImportError(code, `${inputError.message}; previous guide data kept`);
  }
  const validEmpty = summary.root === 'tv' && summary.problemCount === 0 && summary.stopped === null;
  if (!validEmpty) {
    const first = summary.problems[0];
    const why = first
      ? `${first.line !== null ? `line ${first.line}: ` : ''}${first.message}`
      : 'no <channel> or <programme> elements';
    throw new ImportError('invalid_input', `not an XMLTV guide (${why}); previous guide data kept`);
  }
  if (options.hadProgrammes || options.knownChannels.size !== 0) {
    throw new ImportError(
      'invalid_input',
      `${EMPTY_GUIDE} while it had channels or programmes before; previous guide data kept`,
    );
  }
}
