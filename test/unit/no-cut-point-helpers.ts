// Shared by the no-cut-point tests (issue 18, item 10).
import fc from "fast-check";
import { expect } from "vitest";
import type { Tokenizer } from "../../src/tokenizers/types.js";

/** A seeded generator of characters from an alphabet. */
export function randomText(alphabet: readonly string[], length: number, seed: number): string {
  let state = seed >>> 0 || 1;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out += alphabet[(state >>> 8) % alphabet.length];
  }
  return out;
}

export const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

/** The count stream's and the token stream's results over `text` written in `chunks`-sized parts. */
export function streamed(tokenizer: Tokenizer, text: string, chunks: number) {
  const counter = tokenizer.stream?.();
  const encoder = tokenizer.encodeStream?.();
  if (!counter || !encoder) throw new Error("no stream");
  const ids: number[] = [];
  let settledEarly = 0;
  for (let at = 0; at < text.length; at += chunks) {
    counter.write(text.slice(at, at + chunks));
    const tokens = encoder.write(text.slice(at, at + chunks));
    settledEarly += tokens.length;
    for (const token of tokens) ids.push(token.id);
  }
  for (const token of encoder.end()) ids.push(token.id);
  return { count: counter.end(), ids, settledEarly };
}

/**
 * A property: texts made of up to 5 random segments (an alphabet, a length up to `maxLength`, then a
 * joint), written in chunks of 1–700 characters, stream to the whole text's count and tokens.
 */
export function assertStreamsAsWhole(
  tokenizer: Tokenizer,
  alphabets: Readonly<Record<string, readonly string[]>>,
  joints: readonly string[],
  maxLength: number,
): void {
  const segment = fc.record({
    alphabet: fc.constantFrom(...Object.keys(alphabets)),
    length: fc.integer({ min: 0, max: maxLength }),
    seed: fc.integer(),
    joint: fc.constantFrom(...joints),
  });
  fc.assert(
    fc.property(
      fc.array(segment, { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 700 }),
      (segments, chunks) => {
        const text = segments
          .map((part) => randomText(alphabets[part.alphabet] ?? [], part.length, part.seed) + part.joint)
          .join("");
        const result = streamed(tokenizer, text, chunks);
        expect(result.count).toBe(tokenizer.count(text));
        expect(result.ids).toEqual(tokenizer.encode?.(text).map((token) => token.id));
      },
    ),
    { numRuns: 60 },
  );
}
