import { encodeUtf8 } from "./bpe-tokenizer.js";
import { BytePieceCache, CACHED_PIECE_BYTES } from "./byte-piece-cache.js";
import { byteLevelAlphabet, type HfPlan } from "./hf-json.js";
import { createPipeline } from "./hf-pipeline.js";
import { MergeTable, PairMerger } from "./merge-list-bpe.js";
import { BigramFilter } from "./merge-list-cut.js";
import { cachedPieceCounter } from "./piece-cache.js";
import { hashBytes, type RankTable } from "./rank-table.js";
import type { Tokenizer } from "./types.js";

/** A tokenizer.json as the engine holds it (hf-load.ts reads and caches it). */
export interface CompiledHf {
  plan: HfPlan;
  /** Every token's bytes by id (byte-level: the bytes it stands for; else its UTF-8). */
  vocabulary: RankTable;
  /** (left, right, merged) id triples in rank order. */
  merges: ArrayLike<number>;
  /** (first, second) code points side by side in some token (not byte-level; else empty). */
  bigrams: ArrayLike<number>;
}

const encoder = new TextEncoder();
/** Longer pieces of a SentencePiece-style text are cut where no token joins two characters. */
const SHORT_PIECE = 24;

/**
 * A Hugging Face BPE tokenizer.json run on llmcost's engine, equal to `tokenizers` token for token
 * (hf-json.ts refuses what it could not follow): the pipeline (hf-pipeline.ts) cuts the text into added
 * tokens and pieces; each piece's symbols (bytes for byte-level, characters otherwise, with byte
 * fallback and unk as `tokenizers` does them) are merged by the merge list, lowest rank first. The
 * merges are by pair, as `tokenizers` ranks them, not by the merged token as tiktoken does: the two
 * differ on trained vocabularies where a token can be made from more than one pair.
 */
export function createHfTokenizer(id: string, compiled: CompiledHf): Tokenizer {
  const { plan, vocabulary } = compiled;
  const pipeline = createPipeline(plan);
  const merger = new PairMerger(new MergeTable(compiled.merges));
  const fallback = plan.fallbackIds.length === 256 ? Int32Array.from(plan.fallbackIds) : undefined;
  const { unkId, fuseUnk, ignoreMerges, byteLevel } = plan;
  const byteIds = Int32Array.from(plan.byteIds);
  const alphabetBytes = byteLevel ? byteLevelAlphabet().map((char) => encoder.encode(char)) : [];
  const fallbackByte = new Map<number, number>();
  fallback?.forEach((tokenId, byte) => {
    if (tokenId >= 0) fallbackByte.set(tokenId, byte);
  });

  let bytes = new Uint8Array(4096);
  const utf8 = (text: string, start: number, end: number): number => {
    if (bytes.length < (end - start) * 3) bytes = new Uint8Array((end - start) * 3 + 4096);
    return encodeUtf8(text, bytes, start, end);
  };

  /**
   * Writes the symbols of a piece into the merger (merge_word in `tokenizers`' bpe/model.rs): each
   * unit's id, else its byte-fallback tokens, else unk (consecutive ones fused when fuse_unk), else
   * nothing. Returns how many.
   */
  const symbolsOf = (count: number, unitId: (k: number) => number, unitBytes: (k: number) => Uint8Array) => {
    const ids = merger.reserve(count * 4);
    let n = 0;
    let pendingUnk = false;
    for (let k = 0; k < count; k++) {
      const unit = unitId(k);
      if (unit >= 0) {
        if (pendingUnk) ids[n++] = unkId;
        pendingUnk = false;
        ids[n++] = unit;
        continue;
      }
      if (fallback) {
        const own = unitBytes(k);
        if (own.every((byte) => (fallback[byte] as number) >= 0)) {
          // The pending unk waits: `tokenizers` adds it after these bytes.
          for (const byte of own) ids[n++] = fallback[byte] as number;
          continue;
        }
      }
      if (unkId < 0) continue;
      if (pendingUnk && !fuseUnk) ids[n++] = unkId;
      pendingUnk = true;
    }
    if (pendingUnk) ids[n++] = unkId;
    return n;
  };

  // Byte-level pieces: their UTF-8 bytes are the symbols.
  const byteSymbols = (length: number) =>
    symbolsOf(
      length,
      (k) => byteIds[bytes[k] as number] as number,
      (k) => alphabetBytes[bytes[k] as number] as Uint8Array,
    );
  const pieceCache = new BytePieceCache();
  const countBytePiece = (source: string, start: number, end: number): number => {
    const length = utf8(source, start, end);
    const hash = hashBytes(bytes, 0, length);
    const cacheable = length <= CACHED_PIECE_BYTES;
    if (cacheable) {
      const known = pieceCache.get(bytes, length, hash);
      if (known >= 0) return known;
    }
    const tokens =
      ignoreMerges && vocabulary.getHashed(bytes, 0, length, hash) >= 0
        ? 1
        : merger.count(byteSymbols(length));
    if (cacheable) pieceCache.set(bytes, length, hash, tokens);
    return tokens;
  };

  // Character pieces (SentencePiece style): characters are the symbols.
  const charIds = new Map<number, number>();
  const charId = (code: number): number => {
    let known = charIds.get(code);
    if (known === undefined) {
      const own = encoder.encode(String.fromCodePoint(code));
      known = vocabulary.get(own, 0, own.length);
      charIds.set(code, known);
    }
    return known;
  };
  const codesOf = (piece: string) => Array.from(piece, (char) => char.codePointAt(0) as number);
  const charSymbols = (codes: number[]) =>
    symbolsOf(
      codes.length,
      (k) => charId(codes[k] as number),
      (k) => encoder.encode(String.fromCodePoint(codes[k] as number)),
    );
  const joinable = new BigramFilter(compiled.bigrams);
  const countCharRun = cachedPieceCounter((piece) => merger.count(charSymbols(codesOf(piece))));
  /** A long piece counts as its parts cut between two known characters no token holds side by side. */
  const countCharPiece = cachedPieceCounter((piece) => {
    if (ignoreMerges) {
      const length = utf8(piece, 0, piece.length);
      if (vocabulary.get(bytes, 0, length) >= 0) return 1;
    }
    if (piece.length <= SHORT_PIECE) return countCharRun(piece);
    let tokens = 0;
    let start = 0;
    let previous = -1;
    for (let i = 0; i < piece.length; i++) {
      const code = piece.codePointAt(i) as number;
      if (previous >= 0 && charId(previous) >= 0 && charId(code) >= 0 && !joinable.has(previous, code)) {
        tokens += countCharRun(piece.slice(start, i));
        start = i;
      }
      previous = code;
      if (code > 0xffff) i++;
    }
    return tokens + countCharRun(start === 0 ? piece : piece.slice(start));
  });

  const count = (text: string): number => {
    let tokens = 0;
    pipeline(wellFormed(text), {
      piece: byteLevel
        ? (source, start, end) => {
            tokens += countBytePiece(source, start, end);
          }
        : (source, start, end) => {
            tokens += countCharPiece(
              start === 0 && end === source.length ? source : source.slice(start, end),
            );
          },
      added: () => {
        tokens++;
      },
    });
    return tokens;
  };

  const decoder = new TextDecoder();
  /**
   * The bytes a token stands for: byte-level tokens' own; a byte-fallback token's byte; otherwise the
   * token's text with "▁" read as the space it stands for (so `llmcost tokenize` shows the text).
   */
  const bytesOf = (tokenId: number): Uint8Array => {
    const byte = fallbackByte.get(tokenId);
    if (byte !== undefined) return Uint8Array.of(byte);
    const own = vocabulary.bytesOf(tokenId);
    return byteLevel ? own.slice() : encoder.encode(decoder.decode(own).replaceAll("\u2581", " "));
  };

  const encode = (text: string) => {
    const tokens: { id: number; bytes: Uint8Array }[] = [];
    const push = (n: number) => {
      const starts = merger.merge(n);
      for (let k = 0; k < starts.length; k++) {
        const tokenId = merger.idOf(starts[k] as number, starts[k + 1] ?? n);
        tokens.push({ id: tokenId, bytes: bytesOf(tokenId) });
      }
    };
    pipeline(wellFormed(text), {
      piece(source, start, end) {
        if (byteLevel) {
          const length = utf8(source, start, end);
          const whole = ignoreMerges ? vocabulary.get(bytes, 0, length) : -1;
          if (whole >= 0) tokens.push({ id: whole, bytes: bytesOf(whole) });
          else push(byteSymbols(length));
          return;
        }
        const piece = source.slice(start, end);
        const own = encoder.encode(piece);
        const whole = ignoreMerges ? vocabulary.get(own, 0, own.length) : -1;
        if (whole >= 0) tokens.push({ id: whole, bytes: bytesOf(whole) });
        else push(charSymbols(codesOf(piece)));
      },
      added(tokenId, piece) {
        tokens.push({ id: tokenId, bytes: encoder.encode(piece) });
      },
    });
    return tokens;
  };

  return { id, exact: true, countedWith: id, count, encode };
}

/** The text as it is sent: a lone surrogate cannot be UTF-8 and becomes U+FFFD. */
function wellFormed(text: string): string {
  const string = text as string & { isWellFormed(): boolean; toWellFormed(): string };
  return string.isWellFormed() ? text : string.toWellFormed();
}
