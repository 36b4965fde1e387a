/** Pieces up to this many characters are remembered with their count; most words repeat. */
const CACHED_PIECE_LENGTH = 64;
/**
 * The cache stops growing here rather than evicting: on high-entropy text an evicting cache churns on
 * every piece and becomes slower than no cache at all.
 */
export const CACHE_LIMIT = 200_000;

/** `countPiece` with a bounded memo of short pieces' counts. */
export function cachedPieceCounter(countPiece: (piece: string) => number): (piece: string) => number {
  const cache = new Map<string, number>();
  return (piece) => {
    const known = cache.get(piece);
    if (known !== undefined) return known;
    const tokens = countPiece(piece);
    if (piece.length <= CACHED_PIECE_LENGTH && cache.size < CACHE_LIMIT) cache.set(detached(piece), tokens);
    return tokens;
  };
}

/**
 * The same text in a string of its own. A regex match is a slice of the string it was found in, and V8
 * keeps that whole string alive as long as the slice lives: a cache of such keys held on to every
 * 64 KiB piece of a stream that contributed a new key (1.4 GB after 1 GB of varied text). Joining onto
 * a one-character string and slicing it off again makes V8 copy the characters (flattening the
 * join), so the key keeps only itself.
 */
function detached(piece: string): string {
  return ` ${piece}`.slice(1);
}
