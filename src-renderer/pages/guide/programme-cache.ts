// The grid's programmes, fetched for what is on screen and cached by channel and 6-hour chunk. The grid
// says what it wants (the visible rows and chunks plus a margin) every time its range changes; the
// cache queues only what it does not have, newest wishes first (a fast scroll does not wait behind
// the rows it left), runs a few queries at a time, and forgets chunks far from the view so memory
// stays bounded however long one scrolls.
import type { GuideProgramme } from '../../../src-shared/domain-sources';
import { chunkOf, chunkRange, chunksFor, intersects } from './guide-math';

/** Asks the core for the programmes of these channels in `[from, to)` (guide.query, details: false). */
export type FetchProgrammes = (
  channelIds: number[],
  from: number,
  to: number,
) => Promise<Array<{ channelId: number; programmes: GuideProgramme[] }>>;

export type ChunkState = 'loaded' | 'loading' | 'failed' | 'missing';

interface Request {
  chunk: number;
  ids: number[];
}

export interface ProgrammeCacheOptions {
  /** Channels per query (guide.query takes at most 1000). */
  batch?: number;
  /** Queries in flight at once. */
  concurrency?: number;
}

export class ProgrammeCache {
  /** chunk -> channel -> programmes starting or running in the chunk, by start. */
  private readonly chunks = new Map<number, Map<number, GuideProgramme[]>>();
  private readonly loading = new Map<number, Set<number>>();
  private readonly failed = new Map<number, Set<number>>();
  private queue: Request[] = [];
  private running = 0;
  private readonly listeners = new Set<() => void>();
  private readonly batch: number;
  private readonly concurrency: number;
  /** Bumped on every change: the grid's render key. */
  version = 0;
  /** The last failure's sentence, until a query succeeds again. */
  error: string | null = null;

  constructor(
    private readonly fetch: FetchProgrammes,
    options: ProgrammeCacheOptions = {},
  ) {
    this.batch = Math.min(1000, options.batch ?? 200);
    this.concurrency = options.concurrency ?? 3;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  state(channelId: number, chunk: number): ChunkState {
    if (this.chunks.get(chunk)?.has(channelId)) return 'loaded';
    if (this.loading.get(chunk)?.has(channelId)) return 'loading';
    if (this.failed.get(chunk)?.has(channelId)) return 'failed';
    return 'missing';
  }

  /** The programmes of a channel that intersect `[from, to)`, by start, each once. */
  programmes(channelId: number, from: number, to: number): GuideProgramme[] {
    const out: GuideProgramme[] = [];
    let lastId = -1;
    let lastStart = -Infinity;
    for (const chunk of chunksFor(from, to)) {
      const list = this.chunks.get(chunk)?.get(channelId);
      if (!list) continue;
      for (const p of list) {
        // A programme crossing a chunk boundary is in both chunks: keep the first copy.
        if (p.start < lastStart || (p.start === lastStart && p.id === lastId)) continue;
        if (!intersects(p, from, to)) continue;
        out.push(p);
        lastId = p.id;
        lastStart = p.start;
      }
    }
    return out;
  }

  /** One programme by id, if a cached chunk of this channel holds it. */
  find(channelId: number, programmeId: number): GuideProgramme | null {
    for (const byChannel of this.chunks.values()) {
      const hit = byChannel.get(channelId)?.find((p) => p.id === programmeId);
      if (hit) return hit;
    }
    return null;
  }

  /**
   * What the grid needs now: these channels (nearest first) over these chunks (nearest first). What is
   * missing is queued ahead of older wishes; older wishes not repeated here are dropped.
   */
  want(channelIds: readonly number[], chunks: readonly number[]): void {
    const queue: Request[] = [];
    for (const chunk of chunks) {
      const missing = channelIds.filter((id) => this.state(id, chunk) === 'missing');
      for (let i = 0; i < missing.length; i += this.batch) {
        queue.push({ chunk, ids: missing.slice(i, i + this.batch) });
      }
    }
    this.queue = queue;
    this.pump();
  }

  /** Forgets what is outside these channels and chunks (the grid keeps a margin around the view). */
  keepOnly(channelIds: ReadonlySet<number>, keepChunks: { from: number; to: number }): void {
    let dropped = false;
    for (const [chunk, byChannel] of this.chunks) {
      if (chunk < keepChunks.from || chunk > keepChunks.to) {
        this.chunks.delete(chunk);
        dropped = true;
        continue;
      }
      for (const id of byChannel.keys()) {
        if (!channelIds.has(id)) {
          byChannel.delete(id);
          dropped = true;
        }
      }
    }
    for (const [chunk, ids] of this.failed) {
      if (chunk < keepChunks.from || chunk > keepChunks.to) this.failed.delete(chunk);
      else for (const id of ids) if (!channelIds.has(id)) ids.delete(id);
    }
    // Nothing visible changed: no render for it.
    if (dropped) this.version++;
  }

  /** Everything is stale (a guide refreshed, mappings changed): fetch again what is wanted next. */
  reset(): void {
    this.chunks.clear();
    this.failed.clear();
    this.queue = [];
    // Answers to queries in flight belong to the old guide: ignore them (see load()).
    this.loading.clear();
    this.generation++;
    this.error = null;
    this.changed();
  }

  /** Forgets failures so the next want() asks again. */
  retry(): void {
    this.failed.clear();
    this.error = null;
    this.changed();
  }

  /** How many chunk x channel entries are held (for tests and the benchmark). */
  get size(): number {
    let n = 0;
    for (const byChannel of this.chunks.values()) n += byChannel.size;
    return n;
  }

  private generation = 0;

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const request = this.queue.shift()!;
      // Something else may have fetched these meanwhile.
      const ids = request.ids.filter((id) => this.state(id, request.chunk) === 'missing');
      if (ids.length === 0) continue;
      void this.load(request.chunk, ids);
    }
  }

  private async load(chunk: number, ids: number[]): Promise<void> {
    const generation = this.generation;
    let loading = this.loading.get(chunk);
    if (!loading) this.loading.set(chunk, (loading = new Set()));
    for (const id of ids) loading.add(id);
    this.running++;
    const { from, to } = chunkRange(chunk);
    try {
      const rows = await this.fetch(ids, from, to);
      if (generation !== this.generation) return;
      let byChannel = this.chunks.get(chunk);
      if (!byChannel) this.chunks.set(chunk, (byChannel = new Map()));
      const answered = new Set<number>();
      for (const row of rows) {
        // A programme is listed under the chunk it intersects; the query gives exactly those.
        byChannel.set(row.channelId, row.programmes);
        answered.add(row.channelId);
      }
      // A channel the core no longer knows (removed meanwhile) is simply empty.
      for (const id of ids) if (!answered.has(id)) byChannel.set(id, []);
      this.error = null;
    } catch (error) {
      if (generation !== this.generation) return;
      let failed = this.failed.get(chunk);
      if (!failed) this.failed.set(chunk, (failed = new Set()));
      for (const id of ids) failed.add(id);
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.running--;
      if (generation === this.generation) {
        for (const id of ids) loading.delete(id);
        this.changed();
      }
      this.pump();
    }
  }
}

/** The chunk span to keep around a visible range (KEEP_CHUNKS either side). */
export function keptChunks(from: number, to: number, around: number): { from: number; to: number } {
  return { from: chunkOf(from) - around, to: chunkOf(Math.max(from, to - 1)) + around };
}
