// A worker thread that counts files for `estimate` (see count-in-workers.ts): it is told the run's
// tokenizers (and handed the rank tables the main thread read, in shared memory) and loads them once,
// then reads and counts each batch of files it is sent, streaming, as the main thread would — or
// counts the parts of one large input the main thread reads and sends (split-count.ts).
import { parentPort } from "node:worker_threads";
import { countingPasses } from "../core/count.js";
import { LlmcostError } from "../errors.js";
import type { PlannedInput } from "../io/read-inputs.js";
import { useSharedRankTables } from "../tokenizers/rank-sources.js";
import { createTokenizerRegistry } from "../tokenizers/registry.js";
import { askForTablesWith } from "../tokenizers/table-cache.js";
import type { Tokenizer } from "../tokenizers/types.js";
import type { WorkerReply } from "./count-in-workers.js";
import { countPlanned } from "./count-planned.js";
import { SegmentCounter, type SplitWork } from "./split-segments.js";
import { askOver, type TableLine } from "./table-line.js";

const port = parentPort;
if (!port) throw new Error("count-worker.js runs as a worker thread");
const registry = createTokenizerRegistry();
let passes: Tokenizer[] = [];
let queue = Promise.resolve();
/** Parts of a large input (split-count.ts), counted in the order sent, with the passes they name. */
const segments = new SegmentCounter((id) => registry.load(id));
let parts = Promise.resolve();

type Message =
  | { tokenizerIds: string[]; rankTables: Record<string, Uint8Array>; tables?: TableLine }
  | { batch: { index: number; input: PlannedInput }[] }
  | SplitWork;
port.on("message", async (message: Message) => {
  if ("work" in message) {
    parts = parts.then(async () => {
      try {
        port.postMessage(await segments.run(message));
      } catch (error) {
        if (!(error instanceof LlmcostError)) throw error;
        port.postMessage({ failed: { kind: error.kind, subject: error.subject, reason: error.reason } });
      }
    });
    return;
  }
  if ("tokenizerIds" in message) {
    useSharedRankTables(message.rankTables);
    if (message.tables) askForTablesWith(askOver(message.tables));
    passes = countingPasses(await Promise.all(message.tokenizerIds.map((id) => registry.load(id))));
    port.postMessage({ ready: true });
    return;
  }
  // Batches are counted one after another, in the order sent (the next may arrive during this one).
  const { batch } = message;
  queue = queue.then(async () => {
    const replies: WorkerReply[] = [];
    for (const { index, input } of batch) replies.push(await count(index, input));
    port.postMessage(replies);
  });
});

async function count(index: number, input: PlannedInput): Promise<WorkerReply> {
  const { outcome, counted } = await countPlanned(input, process.stdin, passes);
  return outcome.kind === "error"
    ? {
        index,
        error: { kind: outcome.error.kind, subject: outcome.error.subject, reason: outcome.error.reason },
      }
    : { index, outcome, counted };
}
