import { type BacktrackData, pairBit, pairSlot } from "./backtrack-data.js";

/**
 * Byte-pair encoding in linear time, after the "backtracking" encoder of GitHub's rust-gems `bpe`
 * crate. Walk the piece taking the longest token at each position; keep it if byte-pair merging
 * would leave it next to the token before (checked by undoing both tokens' merges at their border),
 * else try the next shorter token there, and when none is left take back the token before. The
 * result is the merge's own tokens — the only sequence whose every neighbouring pair is one merging
 * leaves alone — without a heap: a long piece costs a few table reads per byte.
 *
 * `encode(bytes, length)` encodes bytes[0, length) and returns the number of tokens; their ranks are
 * then in `tokens()`. Undefined for a vocabulary where some byte is not a token. With `before`, the
 * tokens must also follow that token (as if it ended the text before): -1 when no encoding can, which
 * is how long-piece-cut.ts tests whether a position is a boundary of a longer text's encoding.
 */
export function createBacktrackEncoder(data: BacktrackData) {
  const { left, right, shorter, lengths, pairs, pairFilter, childStart, label, tokenAt } = data;
  // Nodes of the trie below the root after one and after two bytes, looked up directly.
  const afterOne = new Int32Array(256).fill(-1);
  const afterTwo = new Int32Array(65_536).fill(-1);
  for (let first = childStart[0] as number; first < (childStart[1] as number); first++) {
    afterOne[label[first] as number] = first;
    for (let second = childStart[first] as number; second < (childStart[first + 1] as number); second++)
      afterTwo[((label[first] as number) << 8) | (label[second] as number)] = second;
  }
  if (afterOne.some((node) => node < 0 || (tokenAt[node] as number) < 0)) return undefined;
  // And after a three-byte UTF-8 character that is a token (most CJK ones), by code point: below the
  // node for a CJK character's first two bytes hang up to 64 children, otherwise scanned one by one.
  const afterChar = new Int32Array(65_536).fill(-1);
  for (let lead = 0xe0; lead <= 0xef; lead++)
    for (let second = 0x80; second <= 0xbf; second++) {
      const node = afterTwo[(lead << 8) | second] as number;
      if (node < 0) continue;
      for (let child = childStart[node] as number; child < (childStart[node + 1] as number); child++) {
        const third = label[child] as number;
        if (third >> 6 === 2 && (tokenAt[child] as number) >= 0)
          afterChar[((lead & 0x0f) << 12) | ((second & 0x3f) << 6) | (third & 0x3f)] = child;
      }
    }
  const pairMask = pairs.length - 1;
  /** The token whose parts are `first` and `second`, or -1. */
  const mergeOf = (first: number, second: number): number => {
    const bit = pairBit(first, second);
    if (((pairFilter[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return -1;
    for (let slot = pairSlot(first, second, pairMask); ; slot = (slot + 1) & pairMask) {
      const token = pairs[slot] as number;
      if (token < 0 || (left[token] === first && right[token] === second)) return token;
    }
  };

  let bytes: Uint8Array = new Uint8Array(0);
  let stack = new Int32Array(1024);
  // dead[i]: no valid encoding of the rest starts at i (with what comes before it).
  let dead = new Uint8Array(1024);

  /** The longest token at `at` (there is one: every byte is a token). */
  const longest = (at: number, length: number): number => {
    const first = bytes[at] as number;
    let node = -1;
    let i = at + 3;
    if (first >> 4 === 0xe && i <= length) {
      const second = bytes[at + 1] as number;
      const third = bytes[at + 2] as number;
      if (second >> 6 === 2 && third >> 6 === 2)
        node = afterChar[((first & 0x0f) << 12) | ((second & 0x3f) << 6) | (third & 0x3f)] as number;
    }
    let best: number;
    if (node >= 0) best = tokenAt[node] as number;
    else {
      const one = tokenAt[afterOne[first] as number] as number;
      if (at + 1 === length) return one;
      node = afterTwo[(first << 8) | (bytes[at + 1] as number)] as number;
      if (node < 0) return one;
      best = tokenAt[node] as number;
      if (best < 0) best = one;
      i = at + 2;
    }
    for (; i < length; i++) {
      const byte = bytes[i] as number;
      let child = childStart[node] as number;
      const end = childStart[node + 1] as number;
      while (child < end && (label[child] as number) < byte) child++;
      if (child === end || label[child] !== byte) break;
      node = child;
      const token = tokenAt[node] as number;
      if (token >= 0) best = token;
    }
    return best;
  };

  /**
   * Whether merging leaves `before` and `after` apart when they meet. Undo the later of the two
   * tokens' merges one at a time; each time, the two parts that meet at the border were neighbours
   * until that merge, so merging them must not rank before it. The +1 on the right side is the tie
   * rule: on equal ranks the left pair merges first.
   */
  const keepsApart = (before: number, after: number): boolean => {
    let limit = 0x7fffffff;
    for (;;) {
      const merged = mergeOf(before, after);
      if (merged >= 0 && merged < limit) return false;
      const leftBorn = (left[before] as number) >= 0 ? before : -1;
      const rightBorn = (left[after] as number) >= 0 ? after : -1;
      if (leftBorn < 0 && rightBorn < 0) return true;
      if (leftBorn > rightBorn) {
        if (before < limit) limit = before;
        before = right[before] as number;
      } else {
        if (after + 1 < limit) limit = after + 1;
        after = left[after] as number;
      }
    }
  };

  const encode = (source: Uint8Array, length: number, before = -1): number => {
    bytes = source;
    if (dead.length <= length) {
      dead = new Uint8Array(Math.max(length + 1, dead.length * 2));
      stack = new Int32Array(dead.length);
    }
    dead.fill(0, 0, length + 1);
    let count = 0;
    let at = 0;
    let next = length > 0 ? longest(0, length) : -1;
    while (at < length) {
      let token = next;
      const last = count > 0 ? (stack[count - 1] as number) : before;
      for (;;) {
        const end = at + (lengths[token] as number);
        if (dead[end] === 0 && (last < 0 || keepsApart(last, token))) {
          stack[count++] = token;
          at = end;
          next = end < length ? longest(end, length) : -1;
          break;
        }
        const prefix = shorter[token] as number;
        if (prefix >= 0) {
          token = prefix;
          continue;
        }
        // Nothing fits here after `last`: no encoding continues from this position; take `last` back.
        // (Only `before` cannot be taken back: without it every text has an encoding.)
        if (count === 0) return -1;
        dead[at] = 1;
        count--;
        at -= lengths[last] as number;
        next = last;
        break;
      }
    }
    return count;
  };

  return { encode, tokens: () => stack, lengthOf: (token: number) => lengths[token] as number };
}
