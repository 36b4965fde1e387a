// One large input counted on several threads: the text is cut into parts at letter boundaries
// (tokenizers/letter-boundary.ts), where every tiktoken-style count adds up, and each pass's share of
// each part goes to the least busy thread (split-pool.ts). A pass whose counts are not known to add up
// there (SentencePiece, Gemma's merges, the script estimators, modules) is counted as one stream on one
// thread, in order, given the text as the reader gave it — in parallel with the other passes.
import { startSize } from "../core/count.js";
import type { CountedInput } from "../core/types.js";
import type { InputSink } from "../io/read-inputs.js";
import { lastLetterBoundary } from "../tokenizers/letter-boundary.js";
import type { Tokenizer } from "../tokenizers/types.js";
import type { PassUnit, SplitPool } from "./split-pool.js";
import type { SegmentCount } from "./split-segments.js";

/**
 * A part is cut once this many UTF-16 units are held (~1 ms of a BPE pass's time). Small enough that
 * a part is an ordinary heap object (a string over 128 KB goes to V8's large-object space, freed only
 * by full collections: with parts of 256K units, 100 MB of stdin peaked at 348 MB against 274 MB).
 */
export const PART_UNITS = 32 * 1024;
/**
 * Text with no letter boundary this many parts long (a run without letters, random letters without
 * spaces) is sent on all the same, as the next part of the segments it is in: they stay open, on
 * their threads.
 */
const MAX_HELD_PARTS = 4;

/**
 * A sink that cuts its input into parts for `pool` and, on `end`, gives a promise of the input's
 * count (the same as one thread's: a property test holds it to that). `onBytes` hears of each piece's
 * raw bytes (a progress line).
 */
export function splitCountingSink(
  source: string,
  passes: readonly Tokenizer[],
  pool: SplitPool,
  done: (counted: Promise<CountedInput>) => void,
  onBytes?: (bytes: number) => void,
  partUnits = PART_UNITS,
): InputSink {
  const size = startSize();
  const splitting = passes.filter((pass) => pass.splitsAtLetters);
  // One segment per stream pass for the whole input, opened with the first part.
  const whole = passes.filter((pass) => !pass.splitsAtLetters).map((pass) => ({ pass, key: pool.segment() }));
  // Each pass's tokens and unproven cuts, added up as its segments' counts come back: a 1 GB input has
  // ~32k parts, whose counts are not kept.
  const tokens = new Map(passes.map((pass): [string, number] => [pass.countedWith, 0]));
  const unproven = new Map<string, number>();
  const due: Promise<void>[] = [];
  const tally = (pass: Tokenizer, key: number) => {
    const counted = pool.countOf(key).then((count: SegmentCount) => {
      tokens.set(pass.countedWith, (tokens.get(pass.countedWith) ?? 0) + count.tokens);
      if (count.unprovenCuts > 0)
        unproven.set(pass.countedWith, (unproven.get(pass.countedWith) ?? 0) + count.unprovenCuts);
    });
    counted.catch(() => {});
    due.push(counted);
    // Counts already in are let go, so that what is held stays bounded.
    if (due.length >= 1024) {
      const settled = Promise.all(due.splice(0)).then(() => {});
      settled.catch(() => {});
      due.push(settled);
    }
  };
  // The splitting passes' segments open since the last boundary (when text was sent without one).
  let openKeys: number[] | undefined;
  let firstPart = true;
  let pending = "";
  let scanned = 0;
  // What was read since the last part, as the reader gave it: the whole-input segments' text.
  let read: string[] = [];

  /** Sends `text` as the next part; `boundary`: it ends at a letter boundary (or the input's end). */
  const send = (text: string, boundary: boolean, last: boolean): Promise<void> => {
    const units: PassUnit[] = whole.map(({ pass, key }) => ({
      key,
      pass: pass.id,
      open: firstPart,
      close: last,
      whole: true,
    }));
    const pieces = read;
    read = [];
    const opening = openKeys === undefined;
    // Nothing left to count for the splitting passes (their segments all closed at a boundary).
    if (!(opening && text.length === 0)) {
      const keys = openKeys ?? splitting.map(() => pool.segment());
      splitting.forEach((pass, i) => {
        const key = keys[i] as number;
        units.push({ key, pass: pass.id, open: opening, close: boundary, whole: false });
        if (boundary) tally(pass, key);
      });
      openKeys = boundary ? undefined : keys;
    }
    firstPart = false;
    if (whole.length === 0) return pool.send(text, units);
    return pool.send(text, units, pieces);
  };

  return {
    async write(chunk, bytes) {
      size.write(chunk, bytes);
      onBytes?.(bytes);
      if (whole.length > 0) read.push(chunk);
      pending += chunk;
      if (pending.length < partUnits) return;
      const cut = lastLetterBoundary(pending, Math.max(1, scanned));
      if (cut > 0) {
        const part = pending.slice(0, cut);
        pending = pending.slice(cut);
        scanned = 0;
        await send(part, true, false);
      } else if (pending.length >= MAX_HELD_PARTS * partUnits) {
        // Not a boundary: the segments stay open. A surrogate pair is not split (streams would take
        // it, but a part then starts with half a character for no reason).
        const end = isHigh(pending.charCodeAt(pending.length - 1)) ? pending.length - 1 : pending.length;
        const part = pending.slice(0, end);
        pending = pending.slice(end);
        scanned = 0;
        await send(part, false, false);
      } else scanned = pending.length;
    },
    async end() {
      await send(pending, true, true);
      pool.allSent();
      pending = "";
      const { bytes, characters } = size.total();
      for (const { pass, key } of whole) tally(pass, key);
      const counted = Promise.all(due).then(
        (): CountedInput => ({
          source,
          bytes,
          characters,
          counts: tokens,
          ...(unproven.size > 0 ? { unprovenCuts: unproven } : {}),
        }),
      );
      counted.catch(() => {});
      done(counted);
    },
  };
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * A sink for an input of unknown size (stdin, a pipe): its text is held until `threshold` raw bytes
 * have come, then handed, with the rest, to the sink `large` makes; an input that ends first goes
 * to the one `small` makes. Memory: at most the threshold's text.
 */
export function whenLarge(threshold: number, small: () => InputSink, large: () => InputSink): InputSink {
  let held: [string, number][] = [];
  let heldBytes = 0;
  let chosen: InputSink | undefined;
  const replay = async (sink: InputSink) => {
    for (const [chunk, bytes] of held) await sink.write(chunk, bytes);
    held = [];
  };
  return {
    async write(chunk, bytes) {
      if (chosen) return chosen.write(chunk, bytes);
      held.push([chunk, bytes]);
      heldBytes += bytes;
      if (heldBytes < threshold) return;
      chosen = large();
      await replay(chosen);
    },
    async end() {
      if (!chosen) {
        chosen = small();
        await replay(chosen);
      }
      await chosen.end();
    },
  };
}
