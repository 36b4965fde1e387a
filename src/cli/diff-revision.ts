import { stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { Readable } from "node:stream";
import { type EstimatePlan, priceWith } from "../api.js";
import { countingPasses, startCount } from "../core/count.js";
import { sideOf } from "../core/diff.js";
import { totalEstimate } from "../core/estimate.js";
import type { CountedInput } from "../core/types.js";
import { type LlmcostError, LlmcostErrors, noInputError } from "../errors.js";
import { fsPath, pathOfKey } from "../io/byte-paths.js";
import { type GitFile, listTree, listWorkingTree, readBlobs, resolveRef } from "../io/git-files.js";
import { type PlannedInput, type ReadOutcome, readPlanned } from "../io/read-inputs.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { type CliIO, cwdOf, type Warn } from "./context.js";
import type { Compared } from "./diff.js";
import type { Progress } from "./progress.js";

/**
 * `diff --base REF [paths]`: the files git has under the paths at REF against those in the working
 * tree (tracked and untracked, not ignored), matched by path. REF's files are read through git.
 */
export async function againstRevision(
  revision: string,
  paths: string[],
  plan: EstimatePlan,
  warn: Warn,
  progress: Progress,
  io: Pick<CliIO, "cwd" | "env">,
): Promise<Compared> {
  const cwd = cwdOf(io);
  const place = { cwd, env: io.env };
  const subject = `--base ${revision}`;
  const ref = await resolveRef(revision, place);
  const operands = paths.length > 0 ? paths : ["."];
  const asked = gitPathspecs(operands, cwd);
  const [atRef, working] = await Promise.all([
    listTree(ref.tree, asked.pathspecs, place, subject).then(asked.keep),
    listWorkingTree(asked.pathspecs, place, subject).then(asked.keep),
  ]);
  const missing: LlmcostError[] = [];
  for (const operand of operands) {
    const at = pathOfKey(operand);
    if (
      await stat(fsPath(at)).then(
        () => true,
        () => false,
      )
    )
      continue;
    const one = gitPathspecs([operand], cwd);
    const there = asked.keep(one.keep(await listTree(ref.tree, one.pathspecs, place, subject)));
    if (there.files.length === 0 && there.skipped.length === 0)
      missing.push(noInputError(at.text, `no such file or directory, in the working tree or at ${revision}`));
  }
  if (missing.length > 0) throw new LlmcostErrors(missing);
  const noted = new Set<string>();
  for (const skip of [...atRef.skipped, ...working.skipped]) {
    if (noted.has(`${skip.path}\0${skip.reason}`)) continue;
    noted.add(`${skip.path}\0${skip.reason}`);
    warn(skip.path, skip.reason);
  }
  if (atRef.files.length === 0 && working.files.length === 0)
    throw noInputError(
      operands.map((operand) => pathOfKey(operand).text).join(" "),
      `no input files, in the working tree or at ${revision}`,
    );

  const passes = countingPasses(plan.tokenizers.values());
  const outcomes = new Counted(passes, progress);
  // The working tree's files, read from disk.
  // Both sides are keyed byte for byte (a name that is not UTF-8 is the same file on both).
  const shown = new Map<string, string>();
  for (const file of [...working.files, ...atRef.files])
    if (file.key !== file.path) shown.set(file.key, file.path);
  for (const file of working.files) {
    const input: PlannedInput = {
      source: file.path,
      ...(file.raw ? { rawPath: file.raw } : {}),
      kind: "file",
      inWalk: true,
      size: file.size,
      operand: 0,
    };
    await outcomes.read(input, file.key, Readable.from([]));
  }
  const after = outcomes.take();
  // REF's files, read through one git cat-file.
  await readBlobs(
    atRef.files.map((file) => file.oid),
    place,
    subject,
    async (index, content) => {
      const file = atRef.files[index] as GitFile;
      const input: PlannedInput = {
        source: `${revision}:${file.path}`,
        kind: "stdin",
        inWalk: true,
        size: content.length,
        operand: 0,
      };
      await outcomes.read(input, file.key, Readable.from([content]));
    },
  );
  const before = outcomes.take();
  for (const warning of outcomes.warnings) warn(warning.subject, warning.reason);
  if (outcomes.errors.length > 0) throw new LlmcostErrors(outcomes.errors);
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
 * What git is asked to list for the path operands (keys, see io/byte-paths.ts). git takes its
 * arguments as strings, which cannot hold bytes that are not UTF-8: an operand with such bytes asks
 * for its nearest directory that is UTF-8, and `keep` then keeps only the files under one of the
 * operands, compared by key (git lists paths relative to `cwd`, as these are made).
 */
function gitPathspecs(
  operands: readonly string[],
  cwd: string,
): {
  pathspecs: string[];
  keep: <T extends { files: { key: string }[]; skipped: { key: string }[] }>(listing: T) => T;
} {
  const odd = /[\udc80-\udcff]/;
  if (!operands.some((operand) => odd.test(operand)))
    return { pathspecs: [...operands], keep: (listing) => listing };
  const wanted = operands.map((operand) => relative(cwd, resolve(cwd, operand)));
  const pathspecs = wanted.map((rel) => {
    const first = rel.search(odd);
    if (first < 0) return rel || ".";
    const slash = rel.lastIndexOf("/", first);
    return slash < 0 ? "." : rel.slice(0, slash);
  });
  const under = (key: string) => wanted.some((rel) => rel === "" || key === rel || key.startsWith(`${rel}/`));
  return {
    pathspecs,
    keep: (listing) => ({
      ...listing,
      files: listing.files.filter((file) => under(file.key)),
      skipped: listing.skipped.filter((skip) => under(skip.key)),
    }),
  };
}

/** The diff's files under the names shown, where a key differs from it (see Compared.shown). */
export function shownNames<T extends { files?: { file: string }[] }>(
  diff: T,
  shown?: ReadonlyMap<string, string>,
): T {
  if (!diff.files || !shown || shown.size === 0) return diff;
  return { ...diff, files: diff.files.map((file) => ({ ...file, file: shown.get(file.file) ?? file.file })) };
}

/** Counts inputs one at a time, as they are read, collecting skips and errors like a directory walk. */
class Counted {
  private inputs: CountedInput[] = [];
  readonly warnings: { subject: string; reason: string }[] = [];
  readonly errors: LlmcostError[] = [];

  constructor(
    private readonly passes: Tokenizer[],
    private readonly progress: Progress,
  ) {}

  /** Reads one input (from `content` when it is "stdin"-like), counted under the name `key`. */
  async read(input: PlannedInput, key: string, content: Readable): Promise<void> {
    let counted: CountedInput | undefined;
    const outcome: ReadOutcome = await readPlanned(input, content, (source) => {
      const counter = startCount(source, this.passes);
      return {
        write: (chunk, bytes) => {
          counter.write(chunk, bytes);
          this.progress.read(source, bytes);
        },
        end: () => {
          counted = counter.end();
        },
      };
    });
    if (outcome.kind === "error") this.errors.push(outcome.error);
    else if (outcome.kind === "binary")
      this.warnings.push({
        subject: input.source,
        reason: `skipped: binary file (NUL byte at offset ${outcome.offset})`,
      });
    else {
      if (outcome.replaced)
        this.warnings.push({ subject: input.source, reason: "invalid UTF-8 replaced with U+FFFD" });
      if (counted) this.inputs.push({ ...counted, source: key });
    }
  }

  /** The inputs counted since the last take. */
  take(): CountedInput[] {
    const taken = this.inputs;
    this.inputs = [];
    return taken;
  }
}
