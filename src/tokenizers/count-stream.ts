import type { CountStream, Tokenizer } from "./types.js";

/**
 * A tokenizer's count over text given in pieces: its own stream when it has one, else one that
 * collects the pieces and counts them joined (custom module tokenizers, which see whole texts).
 */
export function countStream(tokenizer: Tokenizer): CountStream {
  if (tokenizer.stream) return tokenizer.stream();
  const pieces: string[] = [];
  return {
    write: (chunk) => {
      pieces.push(chunk);
    },
    end: () => tokenizer.count(pieces.join("")),
  };
}

/**
 * A stream that counts each part of the text up to the last safe cut as soon as it has one, and holds
 * back only the rest. `lastCut(text, from)` returns the last index p ≥ from at which the text may be
 * cut (or -1): the count of the whole is then the count of text[0, p) plus that of text[p, …).
 * `countPart(text, first)` counts a part; `first` is true for the part that starts the text.
 */
export function cutCountStream(
  countPart: (text: string, first: boolean) => number,
  lastCut: (text: string, from: number) => number,
): CountStream {
  let pending = "";
  let scanned = 0;
  let total = 0;
  let first = true;
  return {
    write(chunk) {
      if (chunk.length === 0) return;
      pending += chunk;
      // A cut at p needs the characters on both sides; those before `scanned` were looked at already.
      const cut = lastCut(pending, Math.max(1, scanned));
      scanned = pending.length;
      if (cut <= 0) return;
      total += countPart(pending.slice(0, cut), first);
      first = false;
      pending = pending.slice(cut);
      scanned -= cut;
    },
    end() {
      if (pending.length > 0) total += countPart(pending, first);
      pending = "";
      return total;
    },
  };
}
