/** Pieces up to this many characters are remembered with their count; most words repeat. */
const CACHED_PIECE_LENGTH = 64;
/**
 * The cache stops growing here rather than evicting: on high-entropy text an evicting cache churns on
 * every piece and becomes slower than no cache at all.
 */
const CACHE_LIMIT = 200_000;

/** `countPiece` with a bounded memo of short pieces' counts. */
export function cachedPieceCounter(countPiece: (piece: string) => number): (piece: string) => number {
  const cache = new Map<string, number>();
  return (piece) => {
    const known = cache.get(piece);
    if (known !== undefined) return known;
    const tokens = countPiece(piece);
    if (piece.length <= CACHED_PIECE_LENGTH && cache.size < CACHE_LIMIT) cache.set(piece, tokens);
    return tokens;
  };
}
