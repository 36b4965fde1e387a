// What a counting thread does with the parts of one large input (split-count.ts): each part of the
// text comes with the segments it belongs to, one per counting pass; a segment is counted with one
// stream, in order, and its count is sent back when it closes.
import { countStream } from "../tokenizers/count-stream.js";
import type { CountStream, Tokenizer } from "../tokenizers/types.js";

/** One pass's share of a part: the segment (numbered by the main thread) it continues or starts. */
export interface SplitUnit {
  readonly key: number;
  /** The pass, by the id of the tokenizer that counts it (what a thread loads). */
  readonly pass: string;
  /** This part ends the segment: its count is due. */
  readonly close: boolean;
  /** A segment as long as the input: it takes the reader's pieces (`SplitWork.read`), not the part. */
  readonly whole: boolean;
}

/** A part of the text sent to a thread, with the units it counts there. */
export interface SplitWork {
  readonly work: number;
  readonly text: string;
  readonly units: readonly SplitUnit[];
  /**
   * For whole-input segments: the text read since the last part, as the pieces the reader gave (their
   * lengths, in UTF-16 units). A stream that holds text with no proven cut cuts it where its pieces
   * came (held-cut.ts): given the reader's pieces, it cuts where one thread's stream would.
   */
  readonly read?: ReadPieces;
}

/** The reader's pieces: as they were, on the thread that read them; joined, to go to another thread. */
export type ReadPieces =
  | { readonly pieces: readonly string[] }
  | { readonly text: string; readonly lengths: readonly number[] };

/** A closed segment's count. */
export interface SegmentCount {
  readonly key: number;
  readonly tokens: number;
  readonly unprovenCuts: number;
}

/** What a thread sends back for one SplitWork: the segments it closed, and the time each unit took. */
export interface SplitDone {
  readonly work: number;
  readonly counts: readonly SegmentCount[];
  /** Per unit, in the order sent: milliseconds (what the main thread balances the next parts by). */
  readonly ms: readonly number[];
}

/**
 * The segments open on one thread, and the tokenizers it has loaded for them. A segment that opens and closes with one part, of a pass whose
 * counts add up across letter boundaries, is counted in one call (no stream is needed: the part is
 * bounded); any other is a stream kept open between parts.
 */
export class SegmentCounter {
  private readonly streams = new Map<number, CountStream>();
  private readonly loaded = new Map<string, Tokenizer>();

  /** `load` gives a tokenizer by id: a thread loads only the passes it is given parts of. */
  constructor(private readonly load: (id: string) => Promise<Tokenizer>) {}

  async run(work: SplitWork): Promise<SplitDone> {
    for (const { pass } of work.units)
      if (!this.loaded.has(pass)) this.loaded.set(pass, await this.load(pass));
    return this.count(work);
  }

  private count({ work, text, units, read }: SplitWork): SplitDone {
    const counts: SegmentCount[] = [];
    const ms: number[] = [];
    for (const { key, pass, close, whole } of units) {
      const started = performance.now();
      const tokenizer = this.loaded.get(pass) as Tokenizer;
      const open = this.streams.get(key);
      if (!open && close && !whole && tokenizer.splitsAtLetters) {
        counts.push({ key, tokens: tokenizer.count(text), unprovenCuts: 0 });
      } else {
        const stream = open ?? countStream(tokenizer);
        if (!whole) stream.write(text);
        else if (read && "pieces" in read) for (const piece of read.pieces) stream.write(piece);
        else if (read) {
          let at = 0;
          for (const length of read.lengths) {
            stream.write(read.text.slice(at, at + length));
            at += length;
          }
        }
        if (close) {
          this.streams.delete(key);
          counts.push({ key, tokens: stream.end(), unprovenCuts: stream.unprovenCuts?.() ?? 0 });
        } else if (!open) this.streams.set(key, stream);
      }
      ms.push(performance.now() - started);
    }
    return { work, counts, ms };
  }
}
