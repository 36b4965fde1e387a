import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { type EstimatePlan, priceWith } from "../api.js";
import { countingPasses, countingSink } from "../core/count.js";
import { sideOf } from "../core/diff.js";
import { totalEstimate } from "../core/estimate.js";
import type { CountedInput } from "../core/types.js";
import { startCounting } from "../count/count-run.js";
import type { Progress } from "../count/progress.js";
import { type LlmcostError, LlmcostErrors, noInputError } from "../errors.js";
import { bytePath, fsPath, pathOfKey } from "../io/byte-paths.js";
import { cwdKey, type DiscoveryPolicy, discoverRevision, readRevision } from "../io/discover.js";
import { resolveRef } from "../io/git-files.js";
import { type InputPlan, type InputSink, type PlannedInput, settleReads } from "../io/read-inputs.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { type CliIO, cwdOf, type Warn } from "./context.js";
import type { Compared } from "./diff.js";

/**
 * `diff --base REF [paths]`: the files under the paths at REF (read through git) against those in the
 * working tree, matched by path. Both sides are found by one policy (io/discover.ts): the working tree
 * is walked as estimate walks it, REF's listing is filtered by the same rules (.gitignore, .git and
 * node_modules, --follow, --no-ignore), and both are read and settled alike (UTF-16, --strict-utf8).
 */
export async function againstRevision(
  revision: string,
  paths: string[],
  plan: EstimatePlan,
  policy: DiscoveryPolicy,
  warn: Warn,
  progress: Progress,
  io: Pick<CliIO, "cwd" | "env">,
): Promise<Compared> {
  const cwd = cwdOf(io);
  const place = { cwd, env: io.env };
  const subject = `--base ${revision}`;
  const ref = await resolveRef(revision, place);
  const operands = paths.length > 0 ? paths : ["."];
  // Paths are relative to io's working directory; the walk's, to this process's.
  const local = (operand: string) => (io.cwd === undefined ? operand : resolve(cwd, operand));
  const atRef = await discoverRevision(revision, ref.tree, operands, policy, place, subject);
  const onDisk: string[] = [];
  const missing: LlmcostError[] = [];
  for (const operand of operands) {
    const at = pathOfKey(local(operand));
    if (
      await stat(fsPath(at)).then(
        () => true,
        () => false,
      )
    )
      onDisk.push(local(operand));
    else if (!atRef.listed(cwdKey(cwd, operand)))
      missing.push(
        noInputError(
          pathOfKey(operand).text,
          `no such file or directory, in the working tree or at ${revision}`,
        ),
      );
  }
  if (missing.length > 0) throw new LlmcostErrors(missing);
  // Both sides are keyed byte for byte, relative to the working directory (a name that is not UTF-8 is
  // the same file on both); a key that is not what is shown maps to its text.
  const keyOf = (input: PlannedInput) =>
    cwdKey(cwd, input.rawPath ? bytePath(Buffer.from(input.rawPath)).key : input.source);
  // Ignored files are left out quietly, as git leaves them out.
  const quietly = (plan: InputPlan): InputPlan => {
    const ignored = new Set(
      plan.skipped.filter((skip) => skip.kind === "ignored").map((skip) => skip.source),
    );
    return { ...quietPlan(plan), warnings: plan.warnings.filter((w) => !ignored.has(w.subject)) };
  };
  // The working tree is counted through the one entry point (worker threads when it is worth them); a
  // binary file named explicitly is skipped, as one met in a walk (`found`).
  const counting = startCounting(onDisk, {
    read: { ...policy, found: true },
    sourceOf: keyOf,
    settleAs: quietly,
  });
  const working = await counting.planned();
  if (atRef.inputs.length === 0 && working.inputs.length === 0 && working.errors.length === 0)
    throw noInputError(
      operands.map((operand) => pathOfKey(operand).text).join(" "),
      `no input files, in the working tree or at ${revision}`,
    );

  const shown = new Map<string, string>();
  for (const input of working.inputs) {
    const key = keyOf(input);
    const text = cwdKey(cwd, input.source);
    if (key !== text) shown.set(key, text);
  }
  const workingNotes: { subject: string; reason: string }[] = [];
  const errors: LlmcostError[] = [];
  let after: CountedInput[] = [];
  try {
    const run = await counting.count(plan, {
      stdin: Readable.from([]),
      progress: { read: progress.read, done: () => {} },
      warn: (about, reason) => workingNotes.push({ subject: about, reason }),
    });
    after = run.inputs as CountedInput[];
  } catch (caught) {
    // The revision's side is still read: one run names every file that cannot be.
    if (!(caught instanceof LlmcostErrors)) throw caught;
    errors.push(...caught.errors);
  }
  // A revision's files are blobs read through git: they have no path to hand a worker thread.
  const counter = new Counter(countingPasses(plan.tokenizers.values()), progress);
  const refOutcomes = await readRevision(atRef.inputs, place, subject, (input) => {
    if (input.key !== input.path) shown.set(input.key, input.path);
    return counter.sink(input.key);
  });
  const before = counter.take();
  const atRefSettled = settleReads(
    quietPlan({ ...working, inputs: atRef.inputs, warnings: [], errors: [], skipped: [] }),
    refOutcomes,
  );
  // A note said on both sides is said once.
  const noted = new Set<string>();
  const notes = [
    ...atRef.skipped.map((skip) => ({ subject: skip.path, reason: skip.reason })),
    ...workingNotes,
    ...atRefSettled.warnings,
  ];
  for (const { subject: about, reason } of notes) {
    if (noted.has(`${about}\0${reason}`)) continue;
    noted.add(`${about}\0${reason}`);
    warn(about, reason);
  }
  errors.push(...atRefSettled.errors);
  if (errors.length > 0) throw new LlmcostErrors(errors);
  const oldEstimate = totalEstimate(priceWith(plan, before));
  const head = totalEstimate(priceWith(plan, after));
  return {
    before: sideOf(oldEstimate),
    after: sideOf(head),
    head,
    base: { label: revision, ref: revision, ...(ref.commit ? { commit: ref.commit } : {}) },
    headLabel: { label: "working tree" },
    shown,
  };
}

/**
 * A plan as settleReads takes it, without its directories: a directory empty on one side is a file
 * added or removed, not "no input files" (both sides empty is said before reading).
 */
function quietPlan(plan: InputPlan): InputPlan {
  return { ...plan, directories: new Map() };
}

/** The diff's files under the names shown, where a key differs from it (see Compared.shown). */
export function shownNames<T extends { files?: { file: string }[] }>(
  diff: T,
  shown?: ReadonlyMap<string, string>,
): T {
  if (!diff.files || !shown || shown.size === 0) return diff;
  return { ...diff, files: diff.files.map((file) => ({ ...file, file: shown.get(file.file) ?? file.file })) };
}

/** Counts each input read into a sink, under the key it is matched by, one side at a time. */
class Counter {
  private counted: CountedInput[] = [];

  constructor(
    private readonly passes: Tokenizer[],
    private readonly progress: Progress,
  ) {}

  /** The sink readPlanned opens once the input is known to be text. */
  sink(key: string): (source: string) => InputSink {
    return (source) =>
      countingSink(
        source,
        this.passes,
        (counted) => this.counted.push({ ...counted, source: key }),
        (bytes) => this.progress.read(source, bytes),
      );
  }

  /** The inputs counted since the last take. */
  take(): CountedInput[] {
    const taken = this.counted;
    this.counted = [];
    return taken;
  }
}
