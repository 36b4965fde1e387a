import { countStream } from "../tokenizers/count-stream.js";
import type { CountStream, Tokenizer } from "../tokenizers/types.js";
import { isHighSurrogate, isLowSurrogate } from "../tokenizers/utf16.js";
import type { CountedInput, InputText } from "./types.js";

/** One tokenizer per counting pass: tokenizers with the same `countedWith` give the same counts. */
export function countingPasses(tokenizers: Iterable<Tokenizer>): Tokenizer[] {
  const passes = new Map<string, Tokenizer>();
  for (const tokenizer of tokenizers) {
    if (!passes.has(tokenizer.countedWith)) passes.set(tokenizer.countedWith, tokenizer);
  }
  return [...passes.values()];
}

/** Counts a whole text with each pass. */
export function countText(input: InputText, passes: readonly Tokenizer[]): CountedInput {
  const counts = new Map(passes.map((tokenizer) => [tokenizer.countedWith, tokenizer.count(input.text)]));
  return {
    source: input.source,
    bytes: input.bytes ?? encoder.encode(input.text).length,
    characters: countCodePoints(input.text),
    counts,
  };
}

/** A count of one input that arrives in decoded pieces, with every pass at once. */
export interface InputCounter {
  /** A decoded piece of the text, and how many raw bytes it came from. */
  write(chunk: string, bytes: number): void;
  end(): CountedInput;
}

export function startCount(source: string, passes: readonly Tokenizer[]): InputCounter {
  const streams: [string, CountStream][] = passes.map((tokenizer) => [
    tokenizer.countedWith,
    countStream(tokenizer),
  ]);
  const size = startSize();
  return {
    write(chunk, chunkBytes) {
      size.write(chunk, chunkBytes);
      for (const [, stream] of streams) stream.write(chunk);
    },
    end: () => {
      const counts = new Map(streams.map(([countedWith, stream]) => [countedWith, stream.end()]));
      const unproven = streams
        .map(([countedWith, stream]): [string, number] => [countedWith, stream.unprovenCuts?.() ?? 0])
        .filter(([, cuts]) => cuts > 0);
      return {
        source,
        ...size.total(),
        counts,
        ...(unproven.length > 0 ? { unprovenCuts: new Map(unproven) } : {}),
      };
    },
  };
}

/**
 * Counts one input into `done` as it is read: the shape a reader's sink takes. `onBytes` hears of
 * each piece's raw bytes (a progress line).
 */
export function countingSink(
  source: string,
  passes: readonly Tokenizer[],
  done: (counted: CountedInput) => void,
  onBytes?: (bytes: number) => void,
): { write(chunk: string, bytes: number): void; end(): void } {
  const counter = startCount(source, passes);
  return {
    write(chunk, bytes) {
      counter.write(chunk, bytes);
      onBytes?.(bytes);
    },
    end: () => done(counter.end()),
  };
}

/** The size of a text that arrives in decoded pieces: raw bytes, and code points. */
export function startSize() {
  let bytes = 0;
  let characters = 0;
  let lastUnit = 0;
  return {
    write(chunk: string, chunkBytes: number): void {
      bytes += chunkBytes;
      characters += countCodePoints(chunk);
      // A surrogate pair split between two pieces is one code point, not two.
      if (isLowSurrogate(chunk.charCodeAt(0)) && isHighSurrogate(lastUnit)) characters--;
      if (chunk.length > 0) lastUnit = chunk.charCodeAt(chunk.length - 1);
    },
    total: () => ({ bytes, characters }),
  };
}

const encoder = new TextEncoder();

/** Unicode code points: UTF-16 length less one for each surrogate pair. */
export function countCodePoints(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      pairs++;
      i++;
    }
  }
  return text.length - pairs;
}
