// The main thread's side of counting one large input in parts (split-count.ts cuts it): it chooses a
// thread for each pass's share of each part, keeps the parts in flight bounded, and collects the
// segments' counts. The main thread is one of the threads: it has every tokenizer loaded already.
import { type ErrorKind, LlmcostError } from "../errors.js";
import { sharedRankTables } from "../tokenizers/rank-sources.js";
import type { Tokenizer } from "../tokenizers/types.js";
import type { CountThread } from "./count-in-workers.js";
import {
  type ReadPieces,
  type SegmentCount,
  SegmentCounter,
  type SplitDone,
  type SplitUnit,
  type SplitWork,
} from "./split-segments.js";
import { serveTables } from "./table-line.js";

/** Parts in flight per thread: enough that none waits for the next, few enough to bound memory. */
const PARTS_PER_THREAD = 8;
/**
 * The main thread's own work per UTF-16 unit read (ms): reading, decoding and cutting the text and
 * sending the parts (~4 ns a unit measured: 20 MB of prose read and decoded in ~90 ms), besides counting.
 */
const READING_MS_PER_UNIT = 5e-6;
/** Before a pass has been timed, its cost per UTF-16 unit (ms): ~40 MB/s, a BPE pass on prose. */
const FIRST_GUESS_MS_PER_UNIT = 25e-6;

/** The most the main thread counts without letting the event loop turn (ms). */
const SLICE_MS = 20;

/** A pass's share of a part, before a thread is chosen for it. */
export interface PassUnit extends SplitUnit {
  /** The first part of a segment; else it continues one, on that segment's thread. */
  readonly open: boolean;
}

/** How a promise out is settled. */
interface Settlers<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

type Reply = SplitDone | { ready: true } | { failed: { kind: ErrorKind; subject: string; reason: string } };

/** What the pool needs of a thread: a worker, or the main thread itself (localThread). */
interface PoolThread {
  post(work: SplitWork): void;
  close(): Promise<void>;
}

/**
 * Counting threads for the segments of large inputs: the main thread and `workers`. A new segment goes
 * to the thread with the least work so far — the time its parts took, plus those still out as
 * estimated from what each pass has cost per UTF-16 unit, plus the main thread's reading — so that
 * all end together; a segment's later parts follow it to its thread, where its stream is. Whole-input
 * segments (passes counted as one stream) are counted on the main thread, which has their tokenizers
 * loaded (a worker loads only the passes it is given: Gemma 3's merges alone take ~36 MB), unless no
 * pass splits: then they are spread over the threads, one each in turn.
 */
export class SplitPool {
  private readonly threads: PoolThread[];
  /** Per thread: the estimated time of the works out, and the time of those back (ms). */
  private readonly queued: number[];
  private readonly spent: number[];
  private readonly done: number[];
  private readonly wholeOn: number[];
  private readonly owner = new Map<number, number>();
  private readonly msPerUnit = new Map<string, number>();
  /** Works sent and not yet back: where, their estimated cost, their part, and what they count. */
  private readonly works = new Map<
    number,
    { thread: number; cost: number; part: number; passes: readonly string[]; lengths: readonly number[] }
  >();
  /** Works still out per part (a part is in flight until all of its works are back). */
  private readonly partWorks = new Map<number, number>();
  /** Segments' counts: the promise's settlers until the count comes, then the count. */
  private readonly results = new Map<number, Settlers<SegmentCount> | SegmentCount>();
  /** Sends waiting for a part to come back. */
  private readonly waiting: Settlers<void>[] = [];
  /**
   * Why the pool failed (a thread died, a tokenizer threw): every promise out is rejected with it, and
   * any asked for after. Not a promise raced against each one: a race adds a reaction to the promise that
   * never settles, one per part and pass, held to the end — memory that grew with the input.
   */
  private failure: Error | undefined;
  /** Lets the main thread start counting its works. */
  private startHere: () => void = () => {};
  /** Whether the main thread has begun counting: until then, parts that split go to the workers. */
  private begun = false;
  private nextKey = 0;
  private nextWork = 0;
  private nextPart = 0;
  private ended = false;

  constructor(workers: readonly CountThread[], tokenizers: ReadonlyMap<string, Tokenizer>) {
    const fail = (error: Error) => {
      if (this.failure) return;
      this.failure = error;
      for (const settlers of this.results.values()) if ("reject" in settlers) settlers.reject(error);
      this.results.clear();
      for (const { reject } of this.waiting.splice(0)) reject(error);
    };
    const onReply = (reply: Reply) => {
      if ("failed" in reply) {
        const { kind, subject, reason } = reply.failed;
        fail(new LlmcostError(kind, subject, reason));
      } else if ("work" in reply) this.take(reply);
    };
    // The main thread counts nothing until the workers have their first parts (or all there is): its first
    // work may build a table (Gemma 3's merges: ~100 ms), and the workers would wait for parts meanwhile.
    const headStart = new Promise<void>((resolve) => {
      this.startHere = () => {
        this.begun = true;
        resolve();
      };
    });
    const here = localThread(tokenizers, headStart, onReply, fail);
    this.threads = [here, ...workers.map((thread) => workerThread(thread, onReply, () => this.ended, fail))];
    this.queued = this.threads.map(() => 0);
    this.spent = this.threads.map(() => 0);
    this.done = this.threads.map(() => 0);
    this.wholeOn = this.threads.map(() => 0);
  }

  /** A new segment's number. */
  segment(): number {
    return this.nextKey++;
  }

  /** The count of a segment, once its closing part has been counted. */
  countOf(key: number): Promise<SegmentCount> {
    if (this.failure) return Promise.reject(this.failure);
    const known = this.results.get(key);
    if (known !== undefined && !("reject" in known)) {
      this.results.delete(key);
      return Promise.resolve(known);
    }
    return new Promise<SegmentCount>((resolve, reject) => this.results.set(key, { resolve, reject }));
  }

  /**
   * Sends a part with its units, and to whole-input segments what was `read` since the last part;
   * waits first while too many parts are in flight.
   */
  async send(text: string, units: readonly PassUnit[], read?: readonly string[]): Promise<void> {
    while (this.partWorks.size >= PARTS_PER_THREAD * this.threads.length) {
      this.startHere();
      await new Promise<void>((resolve, reject) => {
        if (this.failure) reject(this.failure);
        else this.waiting.push({ resolve, reject });
      });
    }
    if (this.failure) throw this.failure;
    // Only a whole-input stream's first work is slow (it may build its tables): without one, no head start.
    if (!this.begun && !units.some((unit) => unit.whole)) this.startHere();
    const part = this.nextPart++;
    let readLength = 0;
    for (const piece of read ?? []) readLength += piece.length;
    this.spent[0] = (this.spent[0] as number) + Math.max(text.length, readLength) * READING_MS_PER_UNIT;
    const byThread = new Map<number, { units: SplitUnit[]; cost: number }>();
    // Whole-input segments stay on the main thread, where their tokenizers are loaded, when passes
    // that split can balance the threads around them; with none, they are spread out.
    const spread = units.every((unit) => unit.whole);
    for (const unit of units) {
      const length = unit.whole ? readLength : text.length;
      const cost = length * (this.msPerUnit.get(unit.pass) ?? FIRST_GUESS_MS_PER_UNIT);
      const thread = !unit.open
        ? (this.owner.get(unit.key) as number)
        : unit.whole
          ? spread
            ? this.fewestWhole()
            : 0
          : this.leastBusy(byThread);
      if (unit.close) this.owner.delete(unit.key);
      else this.owner.set(unit.key, thread);
      const share = byThread.get(thread) ?? { units: [], cost: 0 };
      share.units.push({ key: unit.key, pass: unit.pass, close: unit.close, whole: unit.whole });
      share.cost += cost;
      byThread.set(thread, share);
    }
    for (const [thread, { units: shares, cost }] of byThread) {
      const work = this.nextWork++;
      const lengths = shares.map((share) => (share.whole ? readLength : text.length));
      this.works.set(work, { thread, cost, part, passes: shares.map((share) => share.pass), lengths });
      this.queued[thread] = (this.queued[thread] as number) + cost;
      this.partWorks.set(part, (this.partWorks.get(part) ?? 0) + 1);
      // Each thread is sent only the text its units count.
      const splits = shares.some((share) => !share.whole);
      const streams = shares.some((share) => share.whole);
      // The reader's pieces as they are on this thread; joined into one string for a worker.
      const pieces: ReadPieces | undefined =
        !streams || !read
          ? undefined
          : thread === 0
            ? { pieces: read }
            : { text: read.join(""), lengths: read.map((piece) => piece.length) };
      this.threads[thread]?.post({
        work,
        text: splits ? text : "",
        units: shares,
        ...(pieces ? { read: pieces } : {}),
      });
    }
  }

  /** Every part has been sent: the main thread counts its share now, if it has not begun. */
  allSent(): void {
    this.startHere();
  }

  /** How many works each thread has counted (the main thread first): what a test sees of the balance. */
  worksDone(): number[] {
    return [...this.done];
  }

  /** Ends the worker threads. */
  async close(): Promise<void> {
    this.ended = true;
    await Promise.all(this.threads.map((thread) => thread.close()));
  }

  private fewestWhole(): number {
    let best = 0;
    for (let thread = 1; thread < this.threads.length; thread++)
      if ((this.wholeOn[thread] as number) < (this.wholeOn[best] as number)) best = thread;
    this.wholeOn[best] = (this.wholeOn[best] as number) + 1;
    return best;
  }

  /**
   * The thread with the least work so far, counting what this part has given each already (ties go
   * to a worker). Not the least queued: the main thread counts its parts between reads, so its queue
   * is mostly empty however busy it is, and it took nearly every part (a worker counted a third).
   */
  private leastBusy(byThread: ReadonlyMap<number, { cost: number }>): number {
    let best = 0;
    let bestLoad = Number.POSITIVE_INFINITY;
    const first = this.begun || this.threads.length === 1 ? 0 : 1;
    for (let thread = this.threads.length - 1; thread >= first; thread--) {
      const load =
        (this.spent[thread] as number) + (this.queued[thread] as number) + (byThread.get(thread)?.cost ?? 0);
      if (load < bestLoad) {
        best = thread;
        bestLoad = load;
      }
    }
    return best;
  }

  private take({ work, counts, ms }: SplitDone): void {
    const sent = this.works.get(work);
    if (!sent) return;
    this.works.delete(work);
    this.queued[sent.thread] = Math.max(0, (this.queued[sent.thread] as number) - sent.cost);
    this.spent[sent.thread] = (this.spent[sent.thread] as number) + ms.reduce((sum, unit) => sum + unit, 0);
    this.done[sent.thread] = (this.done[sent.thread] as number) + 1;
    // Each pass's cost per unit, smoothed over its parts (a part's text may be easier than the next).
    sent.passes.forEach((pass, i) => {
      const length = sent.lengths[i] ?? 0;
      if (length === 0) return;
      const measured = (ms[i] ?? 0) / length;
      const known = this.msPerUnit.get(pass);
      this.msPerUnit.set(pass, known === undefined ? measured : 0.7 * known + 0.3 * measured);
    });
    for (const count of counts) {
      const waiting = this.results.get(count.key);
      if (waiting && "reject" in waiting) {
        this.results.delete(count.key);
        waiting.resolve(count);
      } else this.results.set(count.key, count);
    }
    const left = (this.partWorks.get(sent.part) ?? 1) - 1;
    if (left > 0) this.partWorks.set(sent.part, left);
    else {
      this.partWorks.delete(sent.part);
      this.waiting.shift()?.resolve();
    }
  }
}

/**
 * The main thread as a counting thread: from `start` on, each work is counted as soon as it is sent,
 * before the next part is read (replies from the workers are taken while the read is awaited), the
 * event loop turning once per SLICE_MS of counting without a pause (the head start's backlog; text
 * that is slow to count). Not one per turn of the event loop, as before: parts then waited long enough
 * to outlive young-generation collections, and 300 MB of stdin with the default models on two threads
 * peaked at 424 MB, in 33 s; counted at once, 257-277 MB, in 19 s. Nor all at once: 16 parts of 400K
 * random letters took the main thread 2.3 s without a turn, and a worker asking for a table gave up.
 */
function localThread(
  tokenizers: ReadonlyMap<string, Tokenizer>,
  start: Promise<void>,
  onReply: (reply: SplitDone) => void,
  fail: (error: Error) => void,
): PoolThread {
  const counter = new SegmentCounter(async (id) => tokenizers.get(id) as Tokenizer);
  let queue = start;
  let waiting = 0;
  let sliceStart = 0;
  /** Lets the event loop turn once a slice is used up: replies, the reader, a worker asking for a table. */
  const turnIfDue = (): Promise<void> | undefined => {
    if (performance.now() - sliceStart < SLICE_MS) return undefined;
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      sliceStart = performance.now();
    });
  };
  return {
    post(work) {
      // A slice begins when work comes to an idle thread.
      if (waiting++ === 0) sliceStart = performance.now();
      queue = queue
        .then(turnIfDue)
        .then(() => counter.run(work))
        .then((reply) => {
          waiting--;
          onReply(reply);
        }, fail);
    },
    close: async () => {},
  };
}

/** A worker thread, told the rank tables the main thread has read (it loads its passes from them). */
function workerThread(
  { worker, ended }: CountThread,
  onReply: (reply: Reply) => void,
  closing: () => boolean,
  fail: (error: Error) => void,
): PoolThread {
  worker.ref();
  ended.then((error) => {
    if (!closing()) fail(error);
  });
  worker.on("message", onReply);
  // The backtracking data too, which the worker asks for when a long piece first needs it.
  const tables = serveTables();
  worker.postMessage({ tokenizerIds: [], rankTables: sharedRankTables(), tables: tables.line }, [
    tables.line.port,
  ]);
  return {
    post: (work) => worker.postMessage(work),
    close: async () => {
      tables.close();
      await worker.terminate();
    },
  };
}
