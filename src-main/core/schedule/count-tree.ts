// How many connections of one group are taken over time, on a fixed set of instants: a segment tree
// over the elementary intervals [points[i], points[i + 1]) with range add and range maximum. The
// allocator knows every instant it will ask about before it starts (each want's and alternative's
// start and end), so the coordinates are compressed once and every question is O(log n) instead of a
// sweep over everything already placed.
export class CountTree {
  /** The largest count in the node's range, including the node's own `add` but not its ancestors'. */
  private readonly max: Int32Array;
  /** Added to the whole range of the node (never pushed down: ancestors' adds are summed on the way). */
  private readonly add: Int32Array;

  constructor(private readonly size: number) {
    const nodes = 4 * Math.max(1, size);
    this.max = new Int32Array(nodes);
    this.add = new Int32Array(nodes);
  }

  /** Adds `value` to every elementary interval in [from, to). */
  addRange(from: number, to: number, value: number): void {
    if (from < to) this.update(1, 0, this.size, from, to, value);
  }

  /** The largest count over [from, to); 0 for an empty range. */
  maxIn(from: number, to: number): number {
    return from < to ? this.query(1, 0, this.size, from, to) : 0;
  }

  /** The first elementary interval in [from, to) whose count is at least `atLeast`, or -1. */
  firstAtLeast(from: number, to: number, atLeast: number): number {
    return from < to ? this.first(1, 0, this.size, from, to, atLeast, 0) : -1;
  }

  /** The count of one elementary interval. */
  at(index: number): number {
    return this.maxIn(index, index + 1);
  }

  private update(node: number, lo: number, hi: number, from: number, to: number, value: number): void {
    if (to <= lo || hi <= from) return;
    if (from <= lo && hi <= to) {
      this.add[node]! += value;
      this.max[node]! += value;
      return;
    }
    const mid = (lo + hi) >>> 1;
    this.update(2 * node, lo, mid, from, to, value);
    this.update(2 * node + 1, mid, hi, from, to, value);
    this.max[node] = this.add[node]! + Math.max(this.max[2 * node]!, this.max[2 * node + 1]!);
  }

  private query(node: number, lo: number, hi: number, from: number, to: number): number {
    if (from <= lo && hi <= to) return this.max[node]!;
    const mid = (lo + hi) >>> 1;
    let best = Number.NEGATIVE_INFINITY;
    if (from < mid) best = Math.max(best, this.query(2 * node, lo, mid, from, to));
    if (to > mid) best = Math.max(best, this.query(2 * node + 1, mid, hi, from, to));
    return this.add[node]! + best;
  }

  private first(
    node: number,
    lo: number,
    hi: number,
    from: number,
    to: number,
    atLeast: number,
    above: number,
  ): number {
    if (to <= lo || hi <= from || above + this.max[node]! < atLeast) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >>> 1;
    const inner = above + this.add[node]!;
    const left = this.first(2 * node, lo, mid, from, to, atLeast, inner);
    return left !== -1 ? left : this.first(2 * node + 1, mid, hi, from, to, atLeast, inner);
  }
}
