// The jobs table: each finished recording's post-processing steps, in order, with their state, tries,
// error and output tail. The database is the queue: a restart picks up where the last run stopped.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { TapedeckError } from '../../../../src-shared/contract';
import type { Job, JobState, JobStep } from '../../../../src-shared/contract-library-process';
import type { Db } from '../../db/open';
import { jobs } from '../../db/schema-history';
import { redactNullable } from '../../redact';

type JobRow = typeof jobs.$inferSelect;
const UNFINISHED: JobState[] = ['pending', 'running'];

/** The last 4 KiB of a program's output: enough to see why it failed, small enough for every row. */
export const OUTPUT_TAIL_BYTES = 4096;

export class JobStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  enqueue(recordingId: number, steps: readonly JobStep[]): Job[] {
    const at = this.now();
    return this.db.transaction((tx) =>
      steps.map((step) =>
        toJob(
          tx
            .insert(jobs)
            .values({ recordingId, step, state: 'pending', nextAt: at, createdAt: at, updatedAt: at })
            .returning()
            .get(),
        ),
      ),
    );
  }

  get(id: number): Job {
    const row = this.db.select().from(jobs).where(eq(jobs.id, id)).get();
    if (!row) throw new TapedeckError('not_found', `job ${id} does not exist`);
    return toJob(row);
  }

  list(filter: { recordingId?: number; state?: JobState } = {}): Job[] {
    return this.db
      .select()
      .from(jobs)
      .where(
        and(
          filter.recordingId !== undefined ? eq(jobs.recordingId, filter.recordingId) : undefined,
          filter.state !== undefined ? eq(jobs.state, filter.state) : undefined,
        ),
      )
      .orderBy(asc(jobs.id))
      .all()
      .map(toJob);
  }

  /** Has this recording ever been queued (any step, any state)? */
  hasAny(recordingId: number): boolean {
    return (
      this.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.recordingId, recordingId)).limit(1).get() !==
      undefined
    );
  }

  /**
   * The next job that may run now: pending, due, and with no unfinished step of the same recording
   * before it (a recording's steps run in order: the hook sees the transcoded file, the upload the
   * moved one).
   */
  next(): Job | null {
    const row = this.db
      .select()
      .from(jobs)
      .where(
        and(
          eq(jobs.state, 'pending'),
          lte(jobs.nextAt, this.now()),
          sql`NOT EXISTS (SELECT 1 FROM jobs AS earlier WHERE earlier.recording_id = ${jobs.recordingId}
                AND earlier.id < ${jobs.id} AND earlier.state IN ('pending', 'running'))`,
        ),
      )
      .orderBy(asc(jobs.id))
      .limit(1)
      .get();
    return row ? toJob(row) : null;
  }

  /** When the soonest waiting job is due (null: none waits). */
  nextDueAt(): number | null {
    const row = this.db
      .select({ at: sql<number | null>`MIN(${jobs.nextAt})` })
      .from(jobs)
      .where(eq(jobs.state, 'pending'))
      .get();
    return row?.at ?? null;
  }

  start(id: number): Job {
    return this.patch(id, { state: 'running', attempts: sql`${jobs.attempts} + 1` as unknown as number });
  }

  finish(
    id: number,
    state: Extract<JobState, 'done' | 'failed' | 'skipped'>,
    values: { error?: string | null; outputTail?: string | null; result?: Record<string, unknown> | null },
  ): Job {
    return this.patch(id, { ...values, state, finishedAt: this.now() });
  }

  /** Back to pending, due at `nextAt` (a retry after a failure, or one asked for by the user). */
  retryAt(
    id: number,
    nextAt: number,
    values: { error?: string | null; outputTail?: string | null } = {},
  ): Job {
    return this.patch(id, { ...values, state: 'pending', nextAt, finishedAt: null });
  }

  /** Jobs a process that died left running: they run again. */
  requeueRunning(): number {
    const at = this.now();
    return this.db
      .update(jobs)
      .set({ state: 'pending', nextAt: at, updatedAt: at })
      .where(eq(jobs.state, 'running'))
      .run().changes;
  }

  /** Unfinished jobs of a recording (its upload or move still to come). */
  unfinished(recordingId: number, steps?: readonly JobStep[]): Job[] {
    return this.db
      .select()
      .from(jobs)
      .where(
        and(
          eq(jobs.recordingId, recordingId),
          inArray(jobs.state, UNFINISHED),
          steps ? inArray(jobs.step, [...steps]) : undefined,
        ),
      )
      .all()
      .map(toJob);
  }

  /** The newest job of a step for a recording. */
  latest(recordingId: number, step: JobStep): Job | null {
    const rows = this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.recordingId, recordingId), eq(jobs.step, step)))
      .orderBy(asc(jobs.id))
      .all();
    const row = rows.at(-1);
    return row ? toJob(row) : null;
  }

  private patch(id: number, values: Partial<typeof jobs.$inferInsert>): Job {
    const error = values.error === undefined ? {} : { error: redactNullable(values.error) };
    const tail = values.outputTail === undefined ? {} : { outputTail: redactNullable(values.outputTail) };
    this.db
      .update(jobs)
      .set({ ...values, ...error, ...tail, updatedAt: this.now() })
      .where(eq(jobs.id, id))
      .run();
    return this.get(id);
  }
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    recordingId: row.recordingId,
    step: row.step,
    state: row.state,
    attempts: row.attempts,
    nextAt: row.nextAt,
    error: row.error,
    outputTail: row.outputTail,
    result: row.result ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
  };
}

/** The last OUTPUT_TAIL_BYTES of a text, cut at a character boundary. */
export function tail(text: string): string {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= OUTPUT_TAIL_BYTES) return text;
  return buffer
    .subarray(buffer.length - OUTPUT_TAIL_BYTES)
    .toString('utf8')
    .replace(/^\uFFFD+/, '');
}
