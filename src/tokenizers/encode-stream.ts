import { cutHeldText, heldCut } from "./held-cut.js";
import type { EncodeStream } from "./types.js";

type Token = { id: number; bytes: Uint8Array };

/**
 * A stream that encodes each part of the text up to the last safe cut as soon as it has one, and
 * holds back only the rest: `llmcost tokenize` over a large file. `lastCut(text, from)` is the cut a
 * tokenizer's count stream uses (the last index p ≥ from where text[0, p) and text[p, …) encode to
 * the tokens of the whole, or -1); `encodePart(text, first)` encodes a part, `first` for the part
 * that starts the text. Its own loop, not cutCountStream's: a count stream may one day count a part
 * without encoding it, and a token view must see every token. Held text with no cut is cut without
 * proof as the count stream cuts it (held-cut.ts), when `cutsHeld` is set.
 */
export function cutEncodeStream(
  encodePart: (text: string, first: boolean) => Token[],
  lastCut: (text: string, from: number) => number,
  cutsHeld = false,
): EncodeStream {
  const cutAt = heldCut();
  let pending = "";
  // Where the next look for a cut starts: the characters before it were looked at already.
  let scanned = 0;
  let first = true;
  let unproven = 0;
  return {
    write(chunk) {
      if (chunk.length === 0) return [];
      pending += chunk;
      const cut = lastCut(pending, Math.max(1, scanned));
      scanned = pending.length;
      if (cut > 0) {
        const tokens = encodePart(pending.slice(0, cut), first);
        first = false;
        pending = pending.slice(cut);
        scanned -= cut;
        return tokens;
      }
      const settled: Token[] = [];
      while (cutsHeld && pending.length >= cutAt.holdAt) {
        const found = cutHeldText(pending, first, encodePart, cutAt);
        if (!found) break;
        for (const token of found.tokens) settled.push(token);
        first = false;
        pending = pending.slice(found.cut);
        scanned = pending.length;
        unproven++;
      }
      return settled;
    },
    end() {
      const tokens = pending.length > 0 ? encodePart(pending, first) : [];
      pending = "";
      return tokens;
    },
    unprovenCuts: () => unproven,
  };
}
