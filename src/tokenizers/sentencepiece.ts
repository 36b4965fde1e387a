import { bytePairMerge } from "./bpe.js";
import { cutCountStream } from "./count-stream.js";
import { cutEncodeStream } from "./encode-stream.js";
import { cachedPieceCounter } from "./piece-cache.js";
import type { Tokenizer } from "./types.js";
import { codePointBefore, insidePair, isHighSurrogate, isLowSurrogate } from "./utf16.js";

/** A SentencePiece BPE vocabulary: pieces by id and the merge list, as Llama 2 and Mistral v1–v3 ship them. */
export interface SentencePieceVocabulary {
  /** Pieces by id; spaces are written "▁" and byte-fallback pieces "<0xNN>". */
  readonly pieces: readonly string[];
  /** Merge priority by "left right" (two pieces, space-separated); the lowest merges first. */
  readonly merges: ReadonlyMap<string, number>;
  /** The id a model uses for a piece id of this vocabulary (models that insert control tokens shift ids). */
  readonly modelId?: (pieceId: number) => number;
}

const SPACE = "▁";
const BYTE_PIECE = /^<0x([0-9A-F]{2})>$/;
const CONTROL_PIECES = new Set(["<unk>", "<s>", "</s>"]);
const encoder = new TextEncoder();

/**
 * An exact SentencePiece BPE tokenizer (Llama 2, Mistral v1–v3): a "▁" before the text and for every
 * space, then the pair with the lowest merge rank merged first (leftmost on ties), in O(n log n).
 * Characters outside the vocabulary fall back to one token per UTF-8 byte. Text that looks like a
 * control token ("[INST]", "<s>") is ordinary text, as the APIs bill it.
 */
export function createSentencePieceTokenizer(id: string, vocabulary: SentencePieceVocabulary): Tokenizer {
  const { pieces, merges } = vocabulary;
  const modelId = vocabulary.modelId ?? ((pieceId: number) => pieceId);
  // Text maps to normal pieces only: "<s>" or "<0x41>" in a text is ordinary characters.
  const idOf = new Map<string, number>();
  const byteIds = new Map<number, number>();
  pieces.forEach((piece, pieceId) => {
    const byte = BYTE_PIECE.exec(piece);
    if (byte) byteIds.set(Number.parseInt(byte[1] as string, 16), pieceId);
    else if (!CONTROL_PIECES.has(piece) && !idOf.has(piece)) idOf.set(piece, pieceId);
  });
  const joinable = bigramsOf(idOf.keys());

  /** The parts a segment merges into, as [start, end) UTF-16 offsets. */
  const mergeSegment = (segment: string): number[] => {
    const offsets: number[] = [];
    for (let i = 0; i < segment.length; i++) {
      offsets.push(i);
      if (isHighSurrogate(segment.charCodeAt(i)) && isLowSurrogate(segment.charCodeAt(i + 1))) i++;
    }
    offsets.push(segment.length);
    const at = (index: number) => offsets[index] as number;
    const starts = bytePairMerge(offsets.length - 1, (start, end, middle) =>
      merges.get(`${segment.slice(at(start), at(middle))} ${segment.slice(at(middle), at(end))}`),
    );
    return [...starts.map(at), segment.length];
  };

  const countSegment = cachedPieceCounter((segment) => {
    if (idOf.has(segment)) return 1;
    const bounds = mergeSegment(segment);
    let tokens = 0;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const part = segment.slice(bounds[i], bounds[i + 1]);
      tokens += idOf.has(part) ? 1 : encoder.encode(part).length;
    }
    return tokens;
  });

  /** `first`: the text starts the input, so it gets the "▁" SentencePiece puts before an input. */
  const countPart = (text: string, first: boolean) => {
    let total = 0;
    forEachSegment(
      text,
      joinable,
      (segment) => {
        total += countSegment(segment);
      },
      first,
    );
    return total;
  };
  // Parts of a stream are cut where segments are (see forEachSegment), so they merge on their own.
  const lastCut = (text: string, from: number) => {
    for (let p = text.length - 1; p >= Math.max(from, 1); p--) {
      if (insidePair(text, p)) continue;
      const before = codePointBefore(text, p);
      if (!joinable.has(asSentencePiece(before) * 0x110000 + asSentencePiece(text.codePointAt(p) as number)))
        return p;
    }
    return -1;
  };

  return {
    id,
    exact: true,
    countedWith: id,
    count: (text) => countPart(text, true),
    stream: () => cutCountStream(countPart, lastCut, { encodePart }),
    encode: (text) => encodePart(text, true),
    encodeStream: () => cutEncodeStream(encodePart, lastCut, true),
  };

  /** `first`: the text starts the input, so it gets the "▁" SentencePiece puts before an input. */
  function encodePart(text: string, first: boolean) {
    const tokens: { id: number; bytes: Uint8Array }[] = [];
    // A token's bytes are those of the text it came from: after a "▁" put first (no byte of the
    // text), the normalized text is the original one character to the right, and a "▁" may stand
    // for a space or for a "▁" in the text.
    const shift = first ? 1 : 0;
    const original = (start: number, end: number) =>
      encoder.encode(text.slice(Math.max(0, start - shift), end - shift));
    const visit = (segment: string, offset: number) => {
      const bounds = idOf.has(segment) ? [0, segment.length] : mergeSegment(segment);
      for (let i = 0; i + 1 < bounds.length; i++) {
        const start = offset + (bounds[i] as number);
        const end = offset + (bounds[i + 1] as number);
        const pieceId = idOf.get(segment.slice(bounds[i], bounds[i + 1]));
        if (pieceId !== undefined) {
          tokens.push({ id: modelId(pieceId), bytes: original(start, end) });
          continue;
        }
        for (const byte of original(start, end)) {
          tokens.push({ id: modelId(byteIds.get(byte) ?? 0), bytes: Uint8Array.of(byte) });
        }
      }
    };
    forEachSegment(text, joinable, visit, first);
    return tokens;
  }
}

/**
 * Calls `visit` with the normalized text ("▁" first, spaces as "▁") cut into segments that merge on
 * their own. The text is cut between two characters when no piece contains them side by side: no merge
 * can then ever join across the cut, and merges on either side cannot affect each other, so the count
 * is the same as for the uncut text. (Cutting at spaces would not be exact: pieces such as "▁▁▁" span
 * several spaces, and a lone unknown character ends a segment too.)
 */
function forEachSegment(
  text: string,
  joinable: ReadonlySet<number>,
  visit: (segment: string, offset: number) => void,
  first = true,
): void {
  if (text.length === 0) return;
  const normalized = (first ? SPACE : "") + text.replaceAll(" ", SPACE);
  let start = 0;
  let previous = -1;
  for (let i = 0; i < normalized.length; i++) {
    const code = normalized.codePointAt(i) as number;
    if (previous >= 0 && !joinable.has(previous * 0x110000 + code)) {
      visit(normalized.slice(start, i), start);
      start = i;
    }
    previous = code;
    if (code > 0xffff) i++;
  }
  visit(normalized.slice(start), start);
}

/** Every pair of code points that occurs side by side inside some piece, packed into one number. */
function bigramsOf(pieces: Iterable<string>): Set<number> {
  const bigrams = new Set<number>();
  for (const piece of pieces) {
    let previous = -1;
    for (const char of piece) {
      const code = char.codePointAt(0) as number;
      if (previous >= 0) bigrams.add(previous * 0x110000 + code);
      previous = code;
    }
  }
  return bigrams;
}

/** A code point as SentencePiece sees it: a space is "▁". */
const asSentencePiece = (code: number) => (code === 0x20 ? 0x2581 : code);
