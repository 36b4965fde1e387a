import { grownSlots, placeSlot, SLOT } from "./byte-piece-cache.js";
import { CACHE_LIMIT } from "./piece-cache.js";

/** Pieces up to this many UTF-16 units are remembered with their count. */
export const CACHED_PIECE_UNITS = 64;

/** A hash of text[start, end)'s UTF-16 units (FNV-1a, then mixed so that its low bits pick a slot). */
export function hashUnits(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) ^ (hash >>> 12);
}

/**
 * Token counts of pieces of text, keyed by their UTF-16 units, in an open-addressing table of typed
 * arrays (the layout of BytePieceCache): a lookup reads the piece where it is in the text, so no
 * string is sliced or hashed by V8 per piece, and the keys are no strings on the heap. Gemma 3's
 * segments went through a Map of sliced strings: ~40% of its time on prose, and ~25 MB of strings.
 */
export class Utf16PieceCache {
  private slots = new Int32Array(4096 * SLOT);
  private arena = new Uint16Array(32 * 1024);
  private used = 0;
  size = 0;

  /** The count stored for text[start, end) with this hash (hashUnits), or -1. */
  get(text: string, start: number, end: number, hash: number): number {
    const { slots, arena } = this;
    const length = end - start;
    const mask = slots.length - SLOT;
    for (let slot = (hash << 2) & mask; ; slot = (slot + SLOT) & mask) {
      const count = slots[slot] as number;
      if (count === 0) return -1;
      if (slots[slot + 1] !== hash || slots[slot + 2] !== length) continue;
      const from = (slots[slot + 3] as number) - start;
      let i = start;
      while (i < end && arena[from + i] === text.charCodeAt(i)) i++;
      if (i === end) return count - 1;
    }
  }

  /** Remembers text[start, end) (at most CACHED_PIECE_UNITS) → count, until CACHE_LIMIT (no eviction). */
  set(text: string, start: number, end: number, hash: number, count: number): void {
    if (this.size >= CACHE_LIMIT) return;
    const length = end - start;
    if (2 * (this.size + 1) * SLOT > this.slots.length) this.slots = grownSlots(this.slots);
    if (this.used + length > this.arena.length) {
      const arena = new Uint16Array(this.arena.length * 2);
      arena.set(this.arena);
      this.arena = arena;
    }
    for (let i = 0; i < length; i++) this.arena[this.used + i] = text.charCodeAt(start + i);
    placeSlot(this.slots, hash, count + 1, length, this.used);
    this.used += length;
    this.size++;
  }
}
