import type { Readable } from "node:stream";
import { countingPasses, startCount } from "../core/count.js";
import type { CountedInput } from "../core/types.js";
import {
  planInputs,
  type ReadOptions,
  type ReadOutcome,
  readPlanned,
  type StreamInputsResult,
  settleReads,
} from "../io/read-inputs.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { countInWorkers, workersFor } from "./count-in-workers.js";
import type { Progress } from "./progress.js";

/**
 * Reads and counts every input with every tokenizer, as it is read: memory does not grow with the
 * size of an input. Several large files are counted on worker threads (see workersFor).
 */
export async function countInputs(
  operands: readonly string[],
  stdin: Readable,
  tokenizers: ReadonlyMap<string, Tokenizer>,
  options: { jobs?: number; progress: Progress; read?: ReadOptions },
): Promise<StreamInputsResult & { inputs: CountedInput[] }> {
  // What is read (walks, ignore rules, links) is settled here, so worker threads read the same inputs.
  const plan = await planInputs(operands, options.read);
  const workers = workersFor(plan.inputs, options.jobs);
  let outcomes: ReadOutcome[];
  let counted: (CountedInput | undefined)[];
  if (workers > 0) {
    ({ outcomes, counted } = await countInWorkers(plan.inputs, [...tokenizers.keys()], workers, (input) =>
      options.progress.read(input.source, input.size),
    ));
  } else {
    const passes = countingPasses(tokenizers.values());
    outcomes = [];
    counted = [];
    for (const [index, input] of plan.inputs.entries()) {
      outcomes.push(
        await readPlanned(input, stdin, (source) => {
          const counter = startCount(source, passes);
          return {
            write(chunk, bytes) {
              counter.write(chunk, bytes);
              options.progress.read(source, bytes);
            },
            end: () => {
              counted[index] = counter.end();
            },
          };
        }),
      );
    }
  }
  const inputs = counted.filter((entry, i): entry is CountedInput => !!entry && outcomes[i]?.kind === "text");
  return { ...settleReads(plan, outcomes), inputs };
}
