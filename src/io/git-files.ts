import { execFile, spawn } from "node:child_process";
import { type LlmcostError, noInputError, usageError } from "../errors.js";
import { bytePath } from "./byte-paths.js";

/**
 * Files as git sees them, read without a checkout: `git` is run with execFile/spawn (never a shell),
 * paths are passed after `--` with literal pathspecs, and every listing is NUL-separated, so names
 * with spaces, quotes, newlines or glob characters are safe. Paths are relative to `cwd`, as git
 * prints them, and read as bytes: a name that is not UTF-8 keeps its bytes (see byte-paths.ts).
 */

/** A regular file in a tree: its path relative to the working directory and its blob id. */
export interface GitFile {
  /** As shown. */
  path: string;
  /** Tells paths apart byte for byte: the same file at a revision and in the working tree. */
  key: string;
  oid: string;
}

/** A git revision resolved to the tree it names. */
export interface ResolvedRef {
  ref: string;
  tree: string;
  /** The commit, when the ref names one (a tree id names none). */
  commit?: string;
}

/** What a listing left out, and why (a symbolic link, a submodule). */
export interface Skipped {
  path: string;
  /** As GitFile's. */
  key: string;
  reason: string;
  /** A symbolic link's blob (its target), for --follow (io/discover.ts). */
  oid?: string;
}

const MAX_LISTING_BYTES = 1 << 30;

/**
 * Where git runs: the working directory paths are relative to, and the environment it is given
 * (the caller's io, never this process's own), with LC_ALL=C so that its messages can be read.
 */
export interface GitPlace {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Resolves a revision (branch, tag, commit, `HEAD~1`) to its tree. Not being in a git repository, or
 * git missing, is a missing input (66); a revision that does not exist is a usage error (64).
 */
export async function resolveRef(ref: string, at: GitPlace): Promise<ResolvedRef> {
  const subject = `--base ${ref}`;
  if (ref === "" || ref.startsWith("-") || /[\0\n]/.test(ref))
    throw usageError(subject, "expected a git revision such as main, HEAD~1 or a commit id");
  await git(["rev-parse", "--git-dir"], at, subject);
  const tree = await revParse(`${ref}^{tree}`, at, subject);
  if (tree === undefined)
    throw usageError(subject, "unknown git revision: no branch, tag or commit of that name here");
  const commit = await revParse(`${ref}^{commit}`, at, subject);
  return { ref, tree, ...(commit === undefined ? {} : { commit }) };
}

/**
 * The regular files of a tree under the given paths (relative to `cwd`), recursively. Symbolic links
 * and submodules are skipped, and reported.
 */
export async function listTree(
  tree: string,
  paths: readonly string[],
  at: GitPlace,
  subject: string,
): Promise<{ files: GitFile[]; skipped: Skipped[] }> {
  const out = await git(["--literal-pathspecs", "ls-tree", "-r", "-z", "--", tree, ...paths], at, subject);
  const files: GitFile[] = [];
  const skipped: Skipped[] = [];
  for (const record of splitNul(out)) {
    // "<mode> SP <type> SP <object> TAB <path>"
    const tab = record.indexOf(0x09);
    const [mode, type, oid] = record.subarray(0, Math.max(tab, 0)).toString("latin1").split(" ");
    const { text: path, key } = bytePath(record.subarray(tab + 1));
    if (tab < 0 || !mode || !type || !oid)
      throw new Error(`unexpected git ls-tree record: ${record.toString("utf8")}`);
    if (type === "commit") skipped.push({ path, key, reason: "skipped: submodule" });
    else if (mode === "120000")
      skipped.push({ path, key, reason: "skipped: symbolic link (not followed)", oid });
    else if (type === "blob") files.push({ path, key, oid });
  }
  return { files, skipped };
}

/**
 * Reads blobs one at a time through a single `git cat-file --batch`, handing each to `each` before
 * asking for the next, so one blob at a time is held in memory.
 */
export async function readBlobs(
  oids: readonly string[],
  at: GitPlace,
  subject: string,
  each: (index: number, content: Buffer) => Promise<void>,
): Promise<void> {
  if (oids.length === 0) return;
  const child = spawn("git", ["cat-file", "--batch"], {
    cwd: at.cwd,
    env: { ...at.env, LC_ALL: "C" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stderr: Buffer[] = [];
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  // A failed spawn (git missing) rejects `exited`; keep it from going unhandled while we read.
  exited.catch(() => {});
  child.stdin.on("error", () => {});
  const reader = new ByteReader(child.stdout);
  try {
    for (const [index, oid] of oids.entries()) {
      child.stdin.write(`${oid}\n`);
      const header = await reader.line();
      const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header ?? "")?.[1] ?? Number.NaN);
      if (!Number.isSafeInteger(size)) {
        child.stdin.end();
        await exited.catch((error: unknown) => {
          throw gitSpawnError(error, subject);
        });
        const why = Buffer.concat(stderr).toString("utf8").trim() || header || "no answer";
        throw noInputError(subject, `git cat-file cannot read ${oid}: ${firstLine(why)}`);
      }
      const content = await reader.bytes(size);
      await reader.bytes(1); // the newline after the contents
      await each(index, content);
    }
  } finally {
    child.stdin.end();
    await exited.catch(() => {});
  }
}

async function revParse(spec: string, at: GitPlace, subject: string): Promise<string | undefined> {
  try {
    return (await git(["rev-parse", "--verify", "--quiet", spec], at, subject)).toString("utf8").trim();
  } catch (error) {
    if ((error as LlmcostError).name === "LlmcostError" && (error as GitFailure).gitStatus === 1)
      return undefined;
    throw error;
  }
}

type GitFailure = LlmcostError & { gitStatus?: number };

/** Runs git and returns its stdout; a failure becomes one line naming what git said. */
function git(args: readonly string[], at: GitPlace, subject: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...args],
      { cwd: at.cwd, encoding: "buffer", maxBuffer: MAX_LISTING_BYTES, env: { ...at.env, LC_ALL: "C" } },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if (typeof error.code === "string") return reject(gitSpawnError(error, subject));
        const said = firstLine(stderr.toString("utf8").replace(/^(fatal|error): /, ""));
        const failure: GitFailure = /not a git repository/i.test(said)
          ? noInputError(subject, "not in a git repository (--base reads files from git)")
          : /outside repository/i.test(said)
            ? usageError(subject, `git: ${said}`)
            : noInputError(
                subject,
                `git ${args.find((a) => !a.startsWith("-"))} failed: ${said || "no message"}`,
              );
        failure.gitStatus = typeof error.code === "number" ? error.code : undefined;
        reject(failure);
      },
    );
  });
}

function gitSpawnError(error: unknown, subject: string): LlmcostError {
  const code = (error as NodeJS.ErrnoException).code;
  return noInputError(
    subject,
    code === "ENOENT" ? "git is not installed or not on PATH" : `cannot run git (${code ?? String(error)})`,
  );
}

/** NUL-separated records, as bytes (a path need not be UTF-8). */
function splitNul(out: Buffer): Buffer[] {
  const records: Buffer[] = [];
  for (let start = 0; start < out.length; ) {
    const end = out.indexOf(0, start);
    const stop = end < 0 ? out.length : end;
    if (stop > start) records.push(out.subarray(start, stop));
    start = stop + 1;
  }
  return records;
}

function firstLine(text: string): string {
  return text.split("\n")[0]?.trim() ?? "";
}

/** Reads lines and exact byte counts from a stream, as `git cat-file --batch` answers. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(stream: NodeJS.ReadableStream) {
    stream.on("data", (chunk: Buffer) => {
      this.buffered.push(chunk);
      this.length += chunk.length;
      this.wake?.();
    });
    stream.on("end", () => {
      this.ended = true;
      this.wake?.();
    });
    for (const event of ["error", "close"]) {
      stream.on(event, () => {
        this.ended = true;
        this.wake?.();
      });
    }
  }

  /** The next line without its newline, or undefined at the end of the stream. */
  async line(): Promise<string | undefined> {
    for (;;) {
      const all = this.joined();
      const newline = all.indexOf(0x0a);
      if (newline >= 0)
        return this.take(newline + 1)
          .subarray(0, newline)
          .toString("utf8");
      if (this.ended) return undefined;
      await this.more();
    }
  }

  /** Exactly `count` bytes (fewer only if the stream ends first). */
  async bytes(count: number): Promise<Buffer> {
    while (this.length < count && !this.ended) await this.more();
    return this.take(Math.min(count, this.length));
  }

  private joined(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered)];
    return this.buffered[0] ?? Buffer.alloc(0);
  }

  private take(count: number): Buffer {
    const all = this.joined();
    const taken = all.subarray(0, count);
    const rest = all.subarray(count);
    this.buffered = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    return taken;
  }

  private more(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }
}
