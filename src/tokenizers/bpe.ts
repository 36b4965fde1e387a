/**
 * A binary min-heap of (rank, start) pairs, with the pair's end carried along. Each entry's order is one
 * number, rank × 2³² + start (exact in a double for ranks below 2²¹), in a typed array: a long piece
 * makes millions of heap moves, and plain arrays of objects made them the bulk of the time.
 */
class PairHeap {
  private keys = new Float64Array(64);
  private ends = new Int32Array(64);
  size = 0;

  push(rank: number, start: number, end: number): void {
    if (this.size === this.keys.length) this.grow();
    const key = rank * 4294967296 + start;
    const { keys, ends } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = keys[parent] as number;
      if (above <= key) break;
      keys[i] = above;
      ends[i] = ends[parent] as number;
      i = parent;
    }
    keys[i] = key;
    ends[i] = end;
  }

  /** Removes the smallest entry; its start and end are then in `start` and `end`. */
  pop(): void {
    const { keys, ends } = this;
    const top = keys[0] as number;
    this.start = top % 4294967296;
    this.end = ends[0] as number;
    const size = --this.size;
    const key = keys[size] as number;
    const end = ends[size] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && (keys[child + 1] as number) < (keys[child] as number)) child++;
      const below = keys[child] as number;
      if (key <= below) break;
      keys[i] = below;
      ends[i] = ends[child] as number;
      i = child;
    }
    keys[i] = key;
    ends[i] = end;
  }

  start = 0;
  end = 0;

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const ends = new Int32Array(this.ends.length * 2);
    ends.set(this.ends);
    this.keys = keys;
    this.ends = ends;
  }
}

/**
 * Byte-pair merging as tiktoken does it — repeatedly merge the adjacent pair whose bytes have the
 * lowest rank, the leftmost on ties — in O(n log n) with a heap over a linked list of parts, instead
 * of rescanning every pair after each merge (O(n²) lookups: minutes for a 30 kB run without spaces).
 * `rankOf(start, end, middle)` ranks merging the parts [start, middle) and [middle, end); tiktoken-style
 * ranks need only the span, SentencePiece merge lists need both halves.
 */
export function bytePairMerge(
  length: number,
  rankOf: (start: number, end: number, middle: number) => number | undefined,
): number[] {
  if (length <= 1) return length === 1 ? [0] : [];
  mergeParts(length, rankOf);
  const starts: number[] = [];
  for (let i = 0; i < length; i = nextOf[i] as number) starts.push(i);
  return starts;
}

/** How many parts bytePairMerge leaves, without making the list of them. */
export function bytePairCount(
  length: number,
  rankOf: (start: number, end: number, middle: number) => number | undefined,
): number {
  if (length <= 1) return length;
  mergeParts(length, rankOf);
  let parts = 0;
  for (let i = 0; i < length; i = nextOf[i] as number) parts++;
  return parts;
}

/** Merges bytes [0, length), leaving the parts linked in nextOf from 0. */
function mergeParts(
  length: number,
  rankOf: (start: number, end: number, middle: number) => number | undefined,
): void {
  if (length <= SHORT_PIECE) mergeShort(length, rankOf);
  else mergeLong(length, rankOf);
}

/** Pieces up to this many units merge by rescanning their pairs: no heap, nothing allocated. */
const SHORT_PIECE = 64;
// Scratch arrays reused by every merge (counting is synchronous, so one set serves all callers).
let nextOf = new Int32Array(1024);
let prevOf = new Int32Array(1024);
const pairRank = new Float64Array(SHORT_PIECE);
const heap = new PairHeap();

function scratchFor(length: number): void {
  if (nextOf.length >= length) return;
  nextOf = new Int32Array(length * 2);
  prevOf = new Int32Array(length * 2);
}

/**
 * Short pieces (most words, a CJK phrase): keep each live part's pair rank in an array and scan it for
 * the lowest, leftmost first. O(n²) in the worst case, but n ≤ 64 and no allocation beats a heap here.
 * The parts are left linked in nextOf, from 0.
 */
function mergeShort(
  length: number,
  rankOf: (start: number, end: number, middle: number) => number | undefined,
): void {
  scratchFor(length);
  const next = nextOf;
  for (let i = 0; i < length; i++) next[i] = i + 1;
  // pairRank[i]: rank of merging the part at i with the next one (Infinity: none, or not a part).
  const rankAt = (start: number): number => {
    const middle = next[start] as number;
    if (middle >= length) return Number.POSITIVE_INFINITY;
    return rankOf(start, next[middle] as number, middle) ?? Number.POSITIVE_INFINITY;
  };
  for (let i = 0; i < length; i++) pairRank[i] = rankAt(i);
  for (;;) {
    let best = Number.POSITIVE_INFINITY;
    let at = -1;
    let previous = -1;
    let before = -1;
    for (let i = 0; i < length; i = next[i] as number) {
      const rank = pairRank[i] as number;
      if (rank < best) {
        best = rank;
        at = i;
        before = previous;
      }
      previous = i;
    }
    if (at < 0) break;
    const middle = next[at] as number;
    next[at] = next[middle] as number;
    pairRank[middle] = Number.POSITIVE_INFINITY;
    pairRank[at] = rankAt(at);
    if (before >= 0) pairRank[before] = rankAt(before);
  }
}

/** Long pieces: a heap of candidate pairs over a linked list of parts, O(n log n); left as mergeShort. */
function mergeLong(
  length: number,
  rankOf: (start: number, end: number, middle: number) => number | undefined,
): void {
  scratchFor(length);
  // Part i covers [i, next[i]); prev/next link the live parts.
  const next = nextOf;
  const prev = prevOf;
  for (let i = 0; i < length; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  heap.size = 0;
  const endOf = (i: number) => (i < length ? next[i] : length) as number;
  const push = (start: number) => {
    const middle = endOf(start);
    if (middle >= length) return;
    const end = endOf(middle);
    const rank = rankOf(start, end, middle);
    if (rank !== undefined) heap.push(rank, start, end);
  };
  for (let i = 0; i < length - 1; i++) push(i);
  while (heap.size > 0) {
    heap.pop();
    const { start, end } = heap;
    const middle = next[start] as number;
    // A stale entry: one of its two parts has merged with something else since it was pushed.
    if (prev[start] === -2 || middle >= length || endOf(middle) !== end) continue;
    next[start] = end;
    if (end < length) prev[end] = start;
    prev[middle] = -2;
    push(start);
    const before = prev[start] as number;
    if (before >= 0) push(before);
  }
}
