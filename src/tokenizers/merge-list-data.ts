// Merge-list vocabularies (Gemma 3): the shape shipped in tokenizers/, what counting needs of it, and the
// binary form it is cached in.

/** How SentencePiece writes a space. */
export const SPACE = "▁";

/**
 * A SentencePiece BPE vocabulary written as a Hugging Face tokenizer.json writes it (Gemma 3): pieces
 * by id, the merge list in rank order, and the added tokens matched whole before anything else.
 */
export interface MergeListVocabulary {
  /** Pieces by id; spaces are written "▁" and byte-fallback pieces "<0xNN>". */
  readonly pieces: readonly string[];
  /** The merges in rank order, as id pairs: [left0, right0, left1, right1, …]. */
  readonly merges: ArrayLike<number>;
  /** Ids of the pieces matched whole in the raw text (SentencePiece's user-defined symbols). */
  readonly addedTokens: readonly number[];
  /** Ids of control pieces (<bos>, <start_of_turn>, …): text never produces them, as the APIs bill it. */
  readonly controlTokens: readonly number[];
}

/**
 * What counting needs of a merge-list vocabulary, and nothing more: a run never builds a map of all
 * 262,144 pieces (that took ~0.5 s), only these arrays, which are cached in binary form.
 */
export interface CompiledMergeList {
  /** (code point, id) pairs of the single-character pieces, "▁" read as a space. */
  readonly chars: ArrayLike<number>;
  /** (left, right, merged) id triples in rank order. */
  readonly merges: ArrayLike<number>;
  /** The added tokens' texts and ids. */
  readonly added: readonly (readonly [string, number])[];
  /** The id of each byte's fallback piece. */
  readonly byteIds: ArrayLike<number>;
  /** (first, second) code points of every two characters side by side in some piece, "▁" as space. */
  readonly bigrams: ArrayLike<number>;
}

const BYTE_PIECE = /^<0x([0-9A-F]{2})>$/;
const CODE_POINTS = 0x110000;

/** Reduces a vocabulary to what counting needs (once: the result is cached, table-cache.ts). */
export function compileMergeList(vocabulary: MergeListVocabulary): CompiledMergeList {
  const { pieces } = vocabulary;
  const control = new Set(vocabulary.controlTokens);
  const idOf = new Map<string, number>();
  const chars: number[] = [];
  const byteIds = new Int32Array(256).fill(-1);
  // Each pair as one number (first × 0x110000 + second): string keys made compiling ~2× slower.
  const bigrams = new Set<number>();
  pieces.forEach((piece, pieceId) => {
    const byte = BYTE_PIECE.exec(piece);
    if (byte) byteIds[Number.parseInt(byte[1] as string, 16)] = pieceId;
    // Added tokens are pieces too: the merge list builds runs of "▁" from spaces, as SentencePiece does.
    else if (!control.has(pieceId) && !idOf.has(piece)) {
      idOf.set(piece, pieceId);
      const codes = Array.from(piece.replaceAll(SPACE, " "), (char) => char.codePointAt(0) as number);
      if (codes.length === 1) chars.push(codes[0] as number, pieceId);
      for (let k = 1; k < codes.length; k++)
        bigrams.add((codes[k - 1] as number) * CODE_POINTS + (codes[k] as number));
    }
  });
  const merges: number[] = [];
  for (let rank = 0; 2 * rank + 1 < vocabulary.merges.length; rank++) {
    const left = vocabulary.merges[2 * rank] as number;
    const right = vocabulary.merges[2 * rank + 1] as number;
    const merged = idOf.get(`${pieces[left]}${pieces[right]}`);
    if (merged === undefined) throw new Error(`merge ${rank} makes no piece`);
    merges.push(left, right, merged);
  }
  const added = vocabulary.addedTokens.map((tokenId) => [pieces[tokenId] as string, tokenId] as const);
  const pairs: number[] = [];
  for (const pair of bigrams) pairs.push(Math.floor(pair / CODE_POINTS), pair % CODE_POINTS);
  return { chars, merges, added, byteIds, bigrams: pairs };
}

/**
 * A compiled vocabulary in the binary form cached on first use (table-cache.ts), read in a few
 * milliseconds: five counts (chars, merges, added, byte ids, bigrams), the integers, then the added tokens'
 * texts in UTF-8, each ended by a NUL.
 */
export function mergeListToBinary(compiled: CompiledMergeList): Uint8Array {
  const text = new TextEncoder().encode(compiled.added.map(([piece]) => `${piece}\0`).join(""));
  const parts = [
    compiled.chars,
    compiled.merges,
    compiled.added.map(([, tokenId]) => tokenId),
    compiled.byteIds,
    compiled.bigrams,
  ];
  // Written part by part: spreading millions of integers into one array took ~0.5 s.
  const ints = new Int32Array(5 + parts.reduce((sum, part) => sum + part.length, 0));
  let at = 5;
  for (const [i, part] of parts.entries()) {
    ints[i] = part.length;
    ints.set(part, at);
    at += part.length;
  }
  const out = new Uint8Array(ints.byteLength + text.byteLength);
  out.set(new Uint8Array(ints.buffer), 0);
  out.set(text, ints.byteLength);
  return out;
}

/** The inverse of mergeListToBinary. */
export function mergeListFromBinary(bytes: Uint8Array): CompiledMergeList {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const [charCount, mergeCount, addedCount, byteCount, bigramCount] = Array.from(
    new Int32Array(aligned.buffer, aligned.byteOffset, 5),
  ) as [number, number, number, number, number];
  const intCount = 5 + charCount + mergeCount + addedCount + byteCount + bigramCount;
  if (intCount * 4 > aligned.byteLength) throw new Error("a truncated vocabulary file");
  const ints = new Int32Array(aligned.buffer, aligned.byteOffset, intCount);
  let at = 5;
  const take = (n: number) => {
    const part = ints.subarray(at, at + n);
    at += n;
    return part;
  };
  const chars = take(charCount);
  const merges = take(mergeCount);
  const addedIds = take(addedCount);
  const byteIds = take(byteCount);
  const bigrams = take(bigramCount);
  const texts = new TextDecoder().decode(aligned.subarray(intCount * 4)).split("\0", addedCount);
  if (texts.length !== addedCount || byteIds.length !== 256) throw new Error("a truncated vocabulary file");
  return {
    chars,
    merges,
    byteIds,
    bigrams,
    added: texts.map((piece, k) => [piece, addedIds[k] as number] as const),
  };
}
