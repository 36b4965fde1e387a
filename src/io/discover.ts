import { lstat } from "node:fs/promises";
import { dirname, posix, relative, resolve } from "node:path";
import { Readable } from "node:stream";
import { type GitFile, type GitPlace, listTree, readBlobs, type Skipped } from "./git-files.js";
import type { InputSink, PlannedInput, ReadOptions, ReadOutcome } from "./read-inputs.js";
import { readPlanned } from "./read-inputs.js";
import {
  IGNORED_DIRECTORIES,
  ignoringFile,
  loadMatchers,
  type Matcher,
  matchersAbove,
} from "./walk-inputs.js";

/**
 * One discovery policy for every source of inputs: a directory walk (read-inputs.ts planInputs, used by
 * estimate, check's globs, tokenize, merge and diff's working tree) and a git revision (here, for
 * `diff --base`). Both skip .git and node_modules, what the working tree's .gitignore files ignore
 * (unless --no-ignore), and follow symbolic links only with --follow; a path named explicitly is read
 * ignored or not. Both are read by readPlanned (binary sniffing, UTF-16 BOMs) and settled by settleReads
 * (--strict-utf8), so the two sides of a diff find and read files alike.
 */

/** The part of ReadOptions a revision's listing shares with a walk. */
export type DiscoveryPolicy = Pick<ReadOptions, "follow" | "ignore" | "strictUtf8" | "cwd">;

/** A file at a git revision, planned as a walk's file is, read from its blob. */
export interface RevisionInput extends PlannedInput {
  kind: "git";
  oid: string;
  /** The path relative to the working directory, byte for byte (see byte-paths.ts): matched with the working tree's. */
  key: string;
  /** As shown, relative to the working directory. */
  path: string;
}

/**
 * The files of a tree under the operands (relative to `place.cwd`) that the policy takes, and the
 * entries it skipped with a note (symbolic links not followed, submodules). Ignored files are left out
 * without one, as git leaves them out of its listings. `listed` says whether the tree holds anything
 * under a path at all.
 */
export async function discoverRevision(
  revision: string,
  tree: string,
  operands: readonly string[],
  policy: DiscoveryPolicy,
  place: GitPlace,
  subject: string,
): Promise<{ inputs: RevisionInput[]; skipped: Skipped[]; listed: (root: string) => boolean }> {
  const asked = gitPathspecs(operands, place.cwd);
  const listing = asked.keep(await listTree(tree, asked.pathspecs, place, subject));
  const files = [...listing.files];
  const skipped: Skipped[] = [];
  for (const skip of listing.skipped) {
    if (!(policy.follow && skip.oid !== undefined)) skipped.push(skip);
  }
  if (policy.follow) {
    const links = listing.skipped.filter((skip) => skip.oid !== undefined);
    files.push(...(await followLinks(links, tree, place, subject, skipped)));
    files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  const rules = new IgnoreRules(place.cwd, policy.ignore !== false);
  const roots = operands.map((operand) => cwdKey(place.cwd, operand));
  const inputs: RevisionInput[] = [];
  for (const file of files) {
    if (await rules.leavesOut(file, roots)) continue;
    inputs.push({
      source: `${revision}:${file.path}`,
      kind: "git",
      inWalk: true,
      size: 0,
      operand: 0,
      oid: file.oid,
      key: file.key,
      path: file.path,
    });
  }
  // Whether git has anything under a path (a key as cwdKey makes it), ignored or not.
  const listed = (root: string) =>
    [...listing.files, ...listing.skipped].some(
      (entry) => root === "." || entry.key === root || entry.key.startsWith(`${root}/`),
    );
  return { inputs, skipped, listed };
}

/**
 * Reads a revision's planned files through one `git cat-file --batch`, each as readPlanned reads a file
 * (binary sniffing, UTF-16 BOMs), one blob at a time. The outcomes are in input order, for settleReads.
 */
export async function readRevision(
  inputs: readonly RevisionInput[],
  place: GitPlace,
  subject: string,
  open: (input: RevisionInput) => (source: string) => InputSink,
): Promise<ReadOutcome[]> {
  const outcomes: ReadOutcome[] = [];
  await readBlobs(
    inputs.map((input) => input.oid),
    place,
    subject,
    async (index, content) => {
      const input = inputs[index] as RevisionInput;
      outcomes[index] = await readPlanned(input, Readable.from([content]), open(input));
    },
  );
  return outcomes;
}

/** A path as git lists it relative to `cwd`: "./a/b/" and "a/b" are one. */
export function cwdKey(cwd: string, path: string): string {
  return posix.normalize(relative(cwd, resolve(cwd, path)) || ".");
}

/**
 * --follow at a revision: each link's target (its blob's text, relative to the link's directory) is
 * listed in the same tree, a file as the link's path, a directory's files under it. Links met inside a
 * linked directory are not followed again (so no loop); a target outside the repository or missing is
 * skipped with a note, as the walk skips them.
 */
async function followLinks(
  links: readonly Skipped[],
  tree: string,
  place: GitPlace,
  subject: string,
  skipped: Skipped[],
): Promise<GitFile[]> {
  const targets: string[] = [];
  await readBlobs(
    links.map((link) => link.oid as string),
    place,
    subject,
    async (index, content) => {
      targets[index] = content.toString("utf8");
    },
  );
  const found: GitFile[] = [];
  for (const [index, link] of links.entries()) {
    const target = cwdKey(place.cwd, posix.join(posix.dirname(link.path), targets[index] ?? ""));
    const listed = await listTree(tree, [target], place, subject).catch(() => undefined);
    const files = listed?.files.filter((file) => file.key === target || file.key.startsWith(`${target}/`));
    if (!listed || !files || files.length === 0) {
      const reason = listed
        ? "symbolic link to nothing"
        : "symbolic link out of the repository (not followed)";
      skipped.push({ path: link.path, key: link.key, reason: `skipped: ${reason}` });
      continue;
    }
    for (const file of files) {
      const rest = file.key.slice(target.length);
      found.push({ ...file, key: link.key + rest, path: link.path + rest });
    }
  }
  return found;
}

/**
 * The walk's ignore decisions for paths listed by git: .git and node_modules below an operand, and,
 * when `enabled`, what the working tree's .gitignore files (and .git/info/exclude) ignore, read as
 * the walk reads them, directory by directory.
 */
class IgnoreRules {
  private readonly within = new Map<string, Promise<Matcher[] | undefined>>();

  constructor(
    private readonly cwd: string,
    private readonly enabled: boolean,
  ) {}

  /** Whether the walk of the operand `file` is under (the first that holds it) would leave it out. */
  async leavesOut(file: { key: string; path: string }, roots: readonly string[]): Promise<boolean> {
    const root = roots.find((r) => r === "." || file.key === r || file.key.startsWith(`${r}/`));
    // Named explicitly (or under no operand: a followed link's target): read, ignored or not.
    if (root === undefined || root === file.key) return false;
    const below = (root === "." ? file.path : file.path.slice(root.length + 1)).split("/");
    const top = resolve(this.cwd, root);
    let directory = top;
    for (const [i, name] of below.entries()) {
      const isDirectory = i < below.length - 1;
      if (isDirectory && IGNORED_DIRECTORIES.has(name)) return true;
      const matchers = this.enabled ? await this.matchersIn(directory, top) : undefined;
      const path = resolve(directory, name);
      if (matchers && ignoringFile(matchers, path, isDirectory)) return true;
      directory = path;
    }
    return false;
  }

  /**
   * The rules that apply to the entries of a directory at or below an operand's `top`: those above the
   * top, then each directory's own from the top down (as walk() adds them).
   */
  private matchersIn(directory: string, top: string): Promise<Matcher[] | undefined> {
    const key = `${top}\0${directory}`;
    let matchers = this.within.get(key);
    if (!matchers) {
      matchers = (async () => {
        let rules =
          directory === top ? await matchersAbove(directory) : await this.matchersIn(dirname(directory), top);
        if (await exists(resolve(directory, ".git")))
          rules = await loadMatchers({ text: directory }, posix.join(".git", "info", "exclude"), []);
        return rules && (await loadMatchers({ text: directory }, ".gitignore", rules));
      })();
      this.within.set(key, matchers);
    }
    return matchers;
  }
}

function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * What git is asked to list for the path operands (keys, see byte-paths.ts). git takes its arguments
 * as strings, which cannot hold bytes that are not UTF-8: an operand with such bytes asks for its
 * nearest directory that is UTF-8, and `keep` then keeps only the files under one of the operands,
 * compared by key (git lists paths relative to `cwd`, as these are made).
 */
export function gitPathspecs(
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
