import { CACHE_LIMIT } from "./piece-cache.js";

/** Pieces up to this many UTF-8 bytes are remembered with their count; most words repeat. */
export const CACHED_PIECE_BYTES = 128;

/**
 * Token counts of pieces, keyed by the pieces' UTF-8 bytes, in an open-addressing table of typed arrays.
 * The tokenizer has each piece's bytes and their hash in hand already (it needs them for the rank
 * lookup), so a lookup costs one probe and a byte compare, and an insert copies bytes into an arena:
 * no string is sliced, hashed or kept per piece. A Map of string keys was ~30% of the time on text
 * whose pieces seldom repeat (random base64), between hashing, rehashing and garbage.
 */
export class BytePieceCache {
  /** Per slot: count + 1 (0 = empty), the key's hash, where its bytes start in `arena`, their length. */
  private counts = new Int32Array(4096);
  private hashes = new Int32Array(4096);
  private offsets = new Int32Array(4096);
  private lengths = new Uint8Array(4096);
  private arena = new Uint8Array(64 * 1024);
  private used = 0;
  size = 0;

  /** The count stored for source[0, length) with this hash, or -1. */
  get(source: Uint8Array, length: number, unsignedHash: number): number {
    const hash = unsignedHash | 0;
    const { counts, hashes, offsets, lengths, arena } = this;
    const mask = counts.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const count = counts[slot] as number;
      if (count === 0) return -1;
      if (hashes[slot] !== hash || lengths[slot] !== length) continue;
      const from = offsets[slot] as number;
      let i = 0;
      while (i < length && arena[from + i] === source[i]) i++;
      if (i === length) return count - 1;
    }
  }

  /** Remembers source[0, length) (at most CACHED_PIECE_BYTES) → count, until CACHE_LIMIT (no eviction). */
  set(source: Uint8Array, length: number, hash: number, count: number): void {
    if (this.size >= CACHE_LIMIT) return;
    if (2 * (this.size + 1) > this.counts.length) this.grow();
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array(this.arena.length * 2);
      arena.set(this.arena);
      this.arena = arena;
    }
    this.arena.set(source.subarray(0, length), this.used);
    this.place(hash | 0, count + 1, this.used, length);
    this.used += length;
    this.size++;
  }

  private place(hash: number, countPlusOne: number, offset: number, length: number): void {
    const mask = this.counts.length - 1;
    let slot = hash & mask;
    while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
    this.counts[slot] = countPlusOne;
    this.hashes[slot] = hash;
    this.offsets[slot] = offset;
    this.lengths[slot] = length;
  }

  private grow(): void {
    const { counts, hashes, offsets, lengths } = this;
    const slots = counts.length * 2;
    this.counts = new Int32Array(slots);
    this.hashes = new Int32Array(slots);
    this.offsets = new Int32Array(slots);
    this.lengths = new Uint8Array(slots);
    for (let slot = 0; slot < counts.length; slot++)
      if (counts[slot] !== 0)
        this.place(
          hashes[slot] as number,
          counts[slot] as number,
          offsets[slot] as number,
          lengths[slot] as number,
        );
  }
}
