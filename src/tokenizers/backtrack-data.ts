import { bytePairMerge } from "./bpe.js";
import type { RankTable } from "./rank-table.js";

/**
 * What the backtracking encoder (backtrack.ts) needs besides the rank table: how byte-pair merging
 * builds each token, and a trie of the tokens for longest-prefix matches. Computing it takes about a
 * second for o200k_base, so it is cached next to the rank table (table-cache.ts) and a run reads it only
 * when it first meets text with long pieces.
 */
export interface BacktrackData {
  /**
   * The two tokens whose merge makes each token: left[r] and right[r]. -1 for a one-byte token;
   * -2 for a token that merging its own bytes does not produce (merging never emits one).
   */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** The longest mergeable token that is a proper prefix of each token, or -1. */
  readonly shorter: Int32Array;
  /** Each token's length in bytes. */
  readonly lengths: Int32Array;
  /**
   * The merged tokens by their two parts: open addressing from pairSlot(left, right), -1 when empty.
   * Only a token's own parts count — two tokens whose bytes join to a token made from other parts
   * never meet in a merge (merging that token's bytes goes another way).
   */
  readonly pairs: Int32Array;
  /**
   * A Bloom filter of those pairs (bit pairBit(left, right)): most pairs the encoder asks about are
   * not merged, and the filter's 512 KB stay in cache where the pair table's slots do not.
   */
  readonly pairFilter: Int32Array;
  /**
   * The trie of mergeable tokens, nodes numbered breadth-first (0 is the root): node n's children are
   * nodes childStart[n] to childStart[n + 1] - 1, in increasing order of their last byte, label[c].
   */
  readonly childStart: Int32Array;
  readonly label: Uint8Array;
  /** The token that node n spells, or -1. */
  readonly tokenAt: Int32Array;
}

const NOT_MERGED = -2;

export function buildBacktrackData(table: RankTable): BacktrackData {
  const size = table.size;
  const left = new Int32Array(size).fill(NOT_MERGED);
  const right = new Int32Array(size).fill(NOT_MERGED);
  for (let rank = 0; rank < size; rank++) {
    const bytes = table.bytesOf(rank);
    if (bytes.length === 1) left[rank] = right[rank] = -1;
    if (bytes.length < 2) continue;
    // The merge that makes a token is the last one when its bytes are merged alone: merging with the
    // lower ranks only then leaves exactly its two parts.
    const lower = (start: number, end: number) => {
      const found = table.get(bytes, start, end);
      return found >= 0 && found < rank ? found : undefined;
    };
    const parts = bytePairMerge(bytes.length, lower);
    const middle = parts[1];
    if (parts.length !== 2 || middle === undefined) continue;
    left[rank] = table.get(bytes, 0, middle);
    right[rank] = table.get(bytes, middle, bytes.length);
  }
  const lengths = new Int32Array(size);
  for (let rank = 0; rank < size; rank++) lengths[rank] = table.bytesOf(rank).length;
  const pairFilter = new Int32Array(1 << (FILTER_BITS - 5));
  for (let token = 0; token < size; token++) {
    if ((left[token] as number) < 0) continue;
    const bit = pairBit(left[token] as number, right[token] as number);
    pairFilter[bit >>> 5] = (pairFilter[bit >>> 5] as number) | (1 << (bit & 31));
  }
  const pairs = pairTable(left, right);
  return { left, right, lengths, pairs, pairFilter, ...buildTrie(table, left) };
}

const FILTER_BITS = 22;

/** The bit of the pair filter for the token made of `left` and `right`. */
export function pairBit(left: number, right: number): number {
  return (Math.imul(left, 0x85ebca6b) + Math.imul(right, 0xc2b2ae35)) >>> (32 - FILTER_BITS);
}

/** The first slot to probe for the token made of `left` and `right`; `mask` is the slot count - 1. */
export function pairSlot(left: number, right: number, mask: number): number {
  return (Math.imul(left, 0x9e3779b1) ^ right) & mask;
}

function pairTable(left: Int32Array, right: Int32Array): Int32Array {
  let capacity = 1024;
  while (capacity < left.length * 2) capacity *= 2;
  const slots = new Int32Array(capacity).fill(-1);
  for (let token = 0; token < left.length; token++) {
    const first = left[token] as number;
    if (first < 0) continue;
    let slot = pairSlot(first, right[token] as number, capacity - 1);
    while ((slots[slot] as number) >= 0) slot = (slot + 1) & (capacity - 1);
    slots[slot] = token;
  }
  return slots;
}

/** The trie of tokens that merging can produce, and each token's longest such proper prefix. */
function buildTrie(table: RankTable, left: Int32Array) {
  // First a hash trie, key (node << 8 | byte) → child, then renumbered breadth-first.
  let total = 0;
  table.forEach((_, bytes) => {
    total += bytes.length;
  });
  let capacity = 1024;
  while (capacity < total * 2) capacity *= 2;
  const keys = new Int32Array(capacity).fill(-1);
  const children = new Int32Array(capacity);
  const mask = capacity - 1;
  const childOf = (node: number, byte: number, create: boolean): number => {
    const key = (node << 8) | byte;
    for (let slot = Math.imul(key, 0x9e3779b1) & mask; ; slot = (slot + 1) & mask) {
      if (keys[slot] === key) return children[slot] as number;
      if (keys[slot] !== -1) continue;
      if (!create) return -1;
      keys[slot] = key;
      children[slot] = nodes;
      return nodes++;
    }
  };
  let nodes = 1;
  const tokenOfNode: number[] = [-1];
  table.forEach((rank, bytes) => {
    if ((left[rank] as number) === NOT_MERGED) return;
    let node = 0;
    for (const byte of bytes) node = childOf(node, byte, true);
    tokenOfNode[node] = rank;
  });
  // Each node's children, sorted by byte: a counting sort of the edges by byte, then a stable one by parent.
  const edges = keys.filter((key) => key >= 0);
  const byByte = countingSort(edges, 256, (key) => key & 0xff);
  const byParent = countingSort(byByte, nodes, (key) => key >>> 8);
  const firstEdge = new Int32Array(nodes + 1);
  for (const key of byParent) firstEdge[(key >>> 8) + 1] = (firstEdge[(key >>> 8) + 1] as number) + 1;
  for (let node = 0; node < nodes; node++)
    firstEdge[node + 1] = (firstEdge[node + 1] as number) + (firstEdge[node] as number);
  const childStart = new Int32Array(nodes + 1);
  const label = new Uint8Array(nodes);
  const tokenAt = new Int32Array(nodes).fill(-1);
  const order = new Int32Array(nodes); // order[new id] = hash-trie id
  let assigned = 1;
  for (let id = 0; id < nodes; id++) {
    const old = order[id] as number;
    tokenAt[id] = tokenOfNode[old] ?? -1;
    childStart[id] = assigned;
    for (let edge = firstEdge[old] as number; edge < (firstEdge[old + 1] as number); edge++) {
      const key = byParent[edge] as number;
      label[assigned] = key & 0xff;
      order[assigned++] = childOf(key >>> 8, key & 0xff, false);
    }
  }
  childStart[nodes] = assigned;
  const shorter = new Int32Array(table.size).fill(-1);
  table.forEach((rank, bytes) => {
    let node = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      node = findChild(childStart, label, node, bytes[i] as number);
      if (node < 0) return;
      const token = tokenAt[node] as number;
      if (token >= 0) shorter[rank] = token;
    }
  });
  return { shorter, childStart, label, tokenAt };
}

/** `values` sorted stably by `keyOf` (integers below `range`). */
function countingSort(values: Int32Array, range: number, keyOf: (value: number) => number): Int32Array {
  const counts = new Int32Array(range + 1);
  for (const value of values) counts[keyOf(value) + 1] = (counts[keyOf(value) + 1] as number) + 1;
  for (let key = 0; key < range; key++)
    counts[key + 1] = (counts[key + 1] as number) + (counts[key] as number);
  const sorted = new Int32Array(values.length);
  for (const value of values) {
    const key = keyOf(value);
    sorted[counts[key] as number] = value;
    counts[key] = (counts[key] as number) + 1;
  }
  return sorted;
}

/** The child of `node` along `byte`, or -1. */
export function findChild(childStart: Int32Array, label: Uint8Array, node: number, byte: number): number {
  const end = childStart[node + 1] as number;
  for (let child = childStart[node] as number; child < end; child++) {
    const at = label[child] as number;
    if (at === byte) return child;
    if (at > byte) return -1;
  }
  return -1;
}

/**
 * The data as one binary file: "LLMBTRK2", little-endian u32 counts (ranks, pair slots, trie nodes),
 * then left, right, shorter, lengths, pairs, pairFilter, childStart, tokenAt and label.
 */
export function backtrackDataToBinary(data: BacktrackData): Uint8Array {
  const { left, right, shorter, lengths, pairs, pairFilter, childStart, tokenAt, label } = data;
  const parts = [left, right, shorter, lengths, pairs, pairFilter, childStart, tokenAt, label];
  const out = new Uint8Array(HEADER + parts.reduce((sum, part) => sum + part.byteLength, 0));
  out.set(MAGIC);
  const view = new DataView(out.buffer);
  for (const [i, count] of [left.length, pairs.length, tokenAt.length].entries())
    view.setUint32(8 + 4 * i, count, true);
  let offset = HEADER;
  for (const part of parts) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += part.byteLength;
  }
  return out;
}

export function backtrackDataFromBinary(data: Uint8Array): BacktrackData {
  if (data.length < HEADER || MAGIC.some((byte, i) => data[i] !== byte))
    throw new Error("not backtrack data");
  const own = data.byteOffset % 4 === 0 ? data : data.slice();
  const view = new DataView(own.buffer, own.byteOffset, own.byteLength);
  const [size, pairSlots, nodes] = [0, 1, 2].map((i) => view.getUint32(8 + 4 * i, true)) as [
    number,
    number,
    number,
  ];
  const expected = HEADER + 4 * (4 * size + pairSlots + (1 << (FILTER_BITS - 5)) + 2 * nodes + 1) + nodes;
  if (own.byteLength !== expected) throw new Error("not backtrack data of this length");
  let offset = own.byteOffset + HEADER;
  const ints = (length: number) => {
    const array = new Int32Array(own.buffer, offset, length);
    offset += array.byteLength;
    return array;
  };
  const [left, right, shorter, lengths, pairs, pairFilter, childStart, tokenAt] = [
    size,
    size,
    size,
    size,
    pairSlots,
    1 << (FILTER_BITS - 5),
    nodes + 1,
    nodes,
  ].map(ints) as Int32Array[] as [
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
  ];
  const label = new Uint8Array(own.buffer, offset, nodes);
  return { left, right, shorter, lengths, pairs, pairFilter, childStart, tokenAt, label };
}

const MAGIC = new TextEncoder().encode("LLMBTRK2");
const HEADER = 8 + 3 * 4;
