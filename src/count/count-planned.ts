import type { Readable } from "node:stream";
import { countingSink } from "../core/count.js";
import type { CountedInput } from "../core/types.js";
import { type PlannedInput, type ReadOutcome, readPlanned } from "../io/read-inputs.js";
import type { Tokenizer } from "../tokenizers/types.js";

/** Reads one planned text input and counts it with each pass, as it is read: on the main thread or a worker. */
export async function countPlanned(
  input: PlannedInput,
  stdin: Readable,
  passes: readonly Tokenizer[],
): Promise<{ outcome: ReadOutcome; counted: CountedInput | undefined }> {
  let counted: CountedInput | undefined;
  const outcome = await readPlanned(input, stdin, (source) =>
    countingSink(source, passes, (done) => {
      counted = done;
    }),
  );
  return { outcome, counted };
}
