import {
  type BacktrackData,
  backtrackDataFromBinary,
  backtrackDataToBinary,
  buildBacktrackData,
} from "./backtrack-data.js";

/**
 * A byte-pair vocabulary — each token's bytes and its rank — as flat typed arrays with an open-addressing
 * hash table over token bytes. Looking up a byte range needs no string, and the whole table can be saved
 * as one binary file and loaded back without parsing: a Map of 200,000 binary-string keys took ~200 ms
 * (and much garbage) to build at every start.
 */
export class RankTable {
  private constructor(
    /** Start of each rank's bytes in `bytes`; rank r is bytes[starts[r], starts[r + 1]). Empty = no such rank. */
    private readonly starts: Uint32Array,
    private readonly bytes: Uint8Array,
    /**
     * Two numbers per slot: rank + 1 (0 when empty) and the token's hash, so that a probe that does not
     * match is told apart without reading the token. The slot count is a power of two.
     */
    private readonly slots: Int32Array,
    /**
     * One bit per value of a token hash's top FILTER_BITS bits, set where some token has it. Most
     * ranges a merge looks up are not tokens (on random base64, ~96% of three-byte ones), and a miss in
     * the slots costs a cache miss or two; this filter's 256 KB stay in cache and turn away ~90% of them.
     */
    private readonly filter: Int32Array,
    /** The pre-tokenizer pattern(s) that go with the vocabulary. */
    readonly patterns: readonly string[],
  ) {}

  private backtrackData: BacktrackData | undefined;
  private readBacktrack: () => Uint8Array | undefined = () => undefined;
  private saveBacktrack: (data: Uint8Array) => void = () => {};

  /** Where backtrack() first looks for its data, and where it saves the data it had to compute. */
  backtrackFrom(read: () => Uint8Array | undefined, save: (data: Uint8Array) => void): this {
    this.readBacktrack = read;
    this.saveBacktrack = save;
    return this;
  }

  /** The backtracking encoder's data (backtrack-data.ts): read when first needed, or computed (~1 s). */
  backtrack(): BacktrackData {
    if (!this.backtrackData) {
      const saved = this.readBacktrack();
      let data: BacktrackData | undefined;
      try {
        data = saved && backtrackDataFromBinary(saved);
      } catch {
        // Damaged or of another layout: computed again below.
      }
      if (!data || data.left.length !== this.size) {
        data = buildBacktrackData(this);
        this.saveBacktrack(backtrackDataToBinary(data));
      }
      this.backtrackData = data;
    }
    return this.backtrackData;
  }

  /** Number of ranks (the largest rank + 1). */
  get size(): number {
    return this.starts.length - 1;
  }

  /** The rank of bytes source[start, end), or -1. */
  get(source: Uint8Array, start: number, end: number): number {
    return this.getHashed(source, start, end, hashBytes(source, start, end));
  }

  /** get(), for a caller that has the range's hashBytes() already. */
  getHashed(source: Uint8Array, start: number, end: number, hash: number): number {
    const bit = hash >>> (32 - FILTER_BITS);
    if (((this.filter[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return -1;
    const mask = (this.slots.length >> 1) - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[2 * slot] as number;
      if (entry === 0) return -1;
      if (this.slots[2 * slot + 1] !== (hash | 0)) continue;
      const rank = entry - 1;
      const from = this.starts[rank] as number;
      if ((this.starts[rank + 1] as number) - from !== length) continue;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (this.bytes[from + i] !== source[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return rank;
    }
  }

  /** The bytes of a rank (empty for a rank that does not exist). */
  bytesOf(rank: number): Uint8Array {
    return this.bytes.subarray(this.starts[rank] ?? 0, this.starts[rank + 1] ?? 0);
  }

  private pairs: Int32Array | undefined;
  private chars: Int32Array | undefined;
  private longestByFirst: Int32Array | undefined;

  /**
   * Bytes of the longest token that starts with each byte value: a longer piece is never one token,
   * so its whole-piece lookup (a hash over all its bytes) can be skipped. Most CJK tokens are one or
   * two characters, while a CJK piece runs to the next punctuation mark.
   */
  longestTokenByFirstByte(): Int32Array {
    if (!this.longestByFirst) {
      const longest = new Int32Array(256);
      for (let rank = 0; rank < this.size; rank++) {
        const from = this.starts[rank] as number;
        const length = (this.starts[rank + 1] as number) - from;
        const first = this.bytes[from] as number;
        if (length > (longest[first] as number)) longest[first] = length;
      }
      this.longestByFirst = longest;
    }
    return this.longestByFirst;
  }

  /** Ranks of the two-byte tokens, indexed by (first byte << 8 | second byte); -1 where none. */
  pairRanks(): Int32Array {
    this.pairs ??= this.computePairRanks();
    return this.pairs;
  }

  private computePairRanks(): Int32Array {
    const pairs = new Int32Array(65_536).fill(-1);
    for (let rank = 0; rank < this.size; rank++) {
      const from = this.starts[rank] as number;
      if ((this.starts[rank + 1] as number) - from === 2)
        pairs[((this.bytes[from] as number) << 8) | (this.bytes[from + 1] as number)] = rank;
    }
    return pairs;
  }

  /**
   * Ranks of the tokens that are one three-byte UTF-8 character (most CJK), indexed by code point; -1
   * where none. A direct table stays in cache where the hash table's slots do not.
   */
  threeByteRanks(): Int32Array {
    this.chars ??= this.computeThreeByteRanks();
    return this.chars;
  }

  private computeThreeByteRanks(): Int32Array {
    const ranks = new Int32Array(65_536).fill(-1);
    for (let rank = 0; rank < this.size; rank++) {
      const from = this.starts[rank] as number;
      if ((this.starts[rank + 1] as number) - from !== 3) continue;
      const [a, b, c] = [
        this.bytes[from] as number,
        this.bytes[from + 1] as number,
        this.bytes[from + 2] as number,
      ];
      if (a >> 4 === 0xe && b >> 6 === 2 && c >> 6 === 2)
        ranks[((a & 0x0f) << 12) | ((b & 0x3f) << 6) | (c & 0x3f)] = rank;
    }
    return ranks;
  }

  /** Calls `visit` with each rank and its bytes. */
  forEach(visit: (rank: number, bytes: Uint8Array) => void): void {
    for (let rank = 0; rank < this.size; rank++) {
      const bytes = this.bytesOf(rank);
      if (bytes.length > 0) visit(rank, bytes);
    }
  }

  /** From js-tiktoken's rank text: lines "! <first rank> <base64 token> <base64 token> …". */
  static fromBpeRanks(text: string, patterns: readonly string[]): RankTable {
    const tokens: [number, Uint8Array][] = [];
    for (const line of text.split("\n")) {
      if (!line) continue;
      const fields = line.split(" ");
      const first = Number.parseInt(fields[1] ?? "", 10);
      for (let i = 2; i < fields.length; i++) tokens.push([first + i - 2, decodeBase64(fields[i] as string)]);
    }
    return RankTable.fromTokens(tokens, patterns);
  }

  /** From (rank, bytes) pairs. */
  static fromTokens(
    tokens: readonly (readonly [number, Uint8Array])[],
    patterns: readonly string[],
  ): RankTable {
    const size = tokens.reduce((max, [rank]) => Math.max(max, rank + 1), 0);
    const lengths = new Uint32Array(size);
    for (const [rank, bytes] of tokens) lengths[rank] = bytes.length;
    const starts = new Uint32Array(size + 1);
    for (let rank = 0; rank < size; rank++)
      starts[rank + 1] = (starts[rank] as number) + (lengths[rank] as number);
    const bytes = new Uint8Array(starts[size] as number);
    for (const [rank, token] of tokens) bytes.set(token, starts[rank]);
    let capacity = 1;
    while (capacity < size * 2) capacity *= 2;
    const slots = new Int32Array(2 * capacity);
    const filter = new Int32Array(FILTER_INTS);
    const mask = capacity - 1;
    for (let rank = 0; rank < size; rank++) {
      const from = starts[rank] as number;
      const to = starts[rank + 1] as number;
      if (from === to) continue;
      const hash = hashBytes(bytes, from, to);
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = rank + 1;
      slots[2 * slot + 1] = hash | 0;
      const bit = hash >>> (32 - FILTER_BITS);
      filter[bit >>> 5] = (filter[bit >>> 5] as number) | (1 << (bit & 31));
    }
    return new RankTable(starts, bytes, slots, filter, patterns);
  }

  /**
   * The table as one binary file: "LLMRANK5", then little-endian u32 counts (ranks, slots, bytes,
   * pattern bytes), the starts, the slots, the hash filter, the longest token by first byte (256), the
   * pair and three-byte tables (65,536 ranks each), the token bytes and the patterns as JSON. The derived tables are saved rather than computed at each start: passes over
   * every rank cost ~15 ms (the filter alone 7-27 ms).
   */
  toBinary(): Uint8Array {
    const patterns = new TextEncoder().encode(JSON.stringify(this.patterns));
    const parts = [
      this.starts,
      this.slots,
      this.filter,
      this.longestTokenByFirstByte(),
      this.pairRanks(),
      this.threeByteRanks(),
    ];
    const total =
      HEADER_BYTES +
      parts.reduce((sum, part) => sum + part.byteLength, 0) +
      this.bytes.length +
      patterns.length;
    const out = new Uint8Array(total);
    out.set(MAGIC);
    const view = new DataView(out.buffer);
    const counts = [this.size, this.slots.length, this.bytes.length, patterns.length];
    for (const [i, value] of counts.entries()) view.setUint32(8 + 4 * i, value, true);
    let offset = HEADER_BYTES;
    for (const part of parts) {
      out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
      offset += part.byteLength;
    }
    out.set(this.bytes, offset);
    out.set(patterns, offset + this.bytes.length);
    return out;
  }

  /** Reads what toBinary wrote, without copying the arrays. */
  static fromBinary(data: Uint8Array): RankTable {
    if (data.length < HEADER_BYTES || MAGIC.some((byte, i) => data[i] !== byte))
      throw new Error("not a rank table");
    // Typed-array views need aligned offsets; a Buffer from readFile may start anywhere in its pool.
    const own = data.byteOffset % 4 === 0 ? data : data.slice();
    const view = new DataView(own.buffer, own.byteOffset, own.byteLength);
    const [size, slotCount, byteCount, patternBytes] = [0, 1, 2, 3].map((i) =>
      view.getUint32(8 + 4 * i, true),
    ) as [number, number, number, number];
    // A table of another layout (a build from an older version) must not be read shifted.
    const expected =
      HEADER_BYTES + 4 * (size + 1 + slotCount + FILTER_INTS + 256 + 2 * 65_536) + byteCount + patternBytes;
    if (own.byteLength !== expected) throw new Error("not a rank table of this version");
    let offset = own.byteOffset + HEADER_BYTES;
    const starts = new Uint32Array(own.buffer, offset, size + 1);
    offset += starts.byteLength;
    const slots = new Int32Array(own.buffer, offset, slotCount);
    offset += slots.byteLength;
    const filter = new Int32Array(own.buffer, offset, FILTER_INTS);
    offset += filter.byteLength;
    const longestByFirst = new Int32Array(own.buffer, offset, 256);
    offset += longestByFirst.byteLength;
    const pairs = new Int32Array(own.buffer, offset, 65_536);
    offset += pairs.byteLength;
    const chars = new Int32Array(own.buffer, offset, 65_536);
    offset += chars.byteLength;
    const bytes = new Uint8Array(own.buffer, offset, byteCount);
    offset += byteCount;
    const patterns = JSON.parse(new TextDecoder().decode(new Uint8Array(own.buffer, offset, patternBytes)));
    const table = new RankTable(starts, bytes, slots, filter, patterns as string[]);
    table.pairs = pairs;
    table.chars = chars;
    table.longestByFirst = longestByFirst;
    return table;
  }
}

const MAGIC = new TextEncoder().encode("LLMRANK5");
/** The magic and four u32 counts. */
const HEADER_BYTES = 8 + 4 * 4;
const FILTER_BITS = 21;
const FILTER_INTS = 1 << (FILTER_BITS - 5);

/**
 * FNV-1a over source[start, end): fast on the short ranges a merge looks up, and spreads them well.
 * Shared with the piece cache, so one hash serves both lookups.
 */
export function hashBytes(source: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (source[i] as number), 0x01000193);
  return hash >>> 0;
}

/** Node's decoder: ~4× faster than atob and a copy per byte over a vocabulary's 200,000 tokens. */
function decodeBase64(text: string): Uint8Array {
  return Buffer.from(text, "base64");
}
