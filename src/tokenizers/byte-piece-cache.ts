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
  /**
   * SLOT numbers per slot: count + 1 (0 = empty), the key's hash, its length, and where its bytes
   * start in `arena`. One array rather than one per field: on text whose pieces seldom repeat the
   * table outgrows the CPU caches, and a probe then reads one cache line instead of two to four.
   */
  private slots = new Int32Array(4096 * SLOT);
  private arena = new Uint8Array(64 * 1024);
  private used = 0;
  size = 0;

  /** The count stored for source[0, length) with this hash, or -1. */
  get(source: Uint8Array, length: number, unsignedHash: number): number {
    const hash = unsignedHash | 0;
    const { slots, arena } = this;
    const mask = slots.length - SLOT;
    for (let slot = (hash << 2) & mask; ; slot = (slot + SLOT) & mask) {
      const count = slots[slot] as number;
      if (count === 0) return -1;
      if (slots[slot + 1] !== hash || slots[slot + 2] !== length) continue;
      const from = slots[slot + 3] as number;
      let i = 0;
      while (i < length && arena[from + i] === source[i]) i++;
      if (i === length) return count - 1;
    }
  }

  /** Remembers source[0, length) (at most CACHED_PIECE_BYTES) → count, until CACHE_LIMIT (no eviction). */
  set(source: Uint8Array, length: number, hash: number, count: number): void {
    if (this.size >= CACHE_LIMIT) return;
    if (2 * (this.size + 1) * SLOT > this.slots.length) this.grow();
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array(this.arena.length * 2);
      arena.set(this.arena);
      this.arena = arena;
    }
    this.arena.set(source.subarray(0, length), this.used);
    placeSlot(this.slots, hash | 0, count + 1, length, this.used);
    this.used += length;
    this.size++;
  }

  private grow(): void {
    this.slots = grownSlots(this.slots);
  }
}

/** Puts a key (its hash, length and offset in an arena) with its count + 1 in the first free slot. */
export function placeSlot(
  slots: Int32Array,
  hash: number,
  countPlusOne: number,
  length: number,
  offset: number,
): void {
  const mask = slots.length - SLOT;
  let slot = (hash << 2) & mask;
  while (slots[slot] !== 0) slot = (slot + SLOT) & mask;
  slots[slot] = countPlusOne;
  slots[slot + 1] = hash;
  slots[slot + 2] = length;
  slots[slot + 3] = offset;
}

/** The slots, placed again in a table twice as large. */
export function grownSlots(old: Int32Array): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(old.length * 2);
  for (let slot = 0; slot < old.length; slot += SLOT)
    if (old[slot] !== 0)
      placeSlot(
        slots,
        old[slot + 1] as number,
        old[slot] as number,
        old[slot + 2] as number,
        old[slot + 3] as number,
      );
  return slots;
}

/** Numbers per slot; slot indexes are multiples of it (hash << 2), so the mask is length - SLOT. */
export const SLOT = 4;
