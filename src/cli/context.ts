import type { Readable, Writable } from "node:stream";
import type { LlmcostError } from "../errors.js";
import { bytePath } from "../io/byte-paths.js";
import type { NetworkOptions } from "../io/count-client.js";

/** Everything a command may touch of the outside world, passed in so tests can fake it. */
export interface CliIO {
  argv: readonly string[];
  /**
   * The bytes of each argument that is not UTF-8 (node decodes them with U+FFFD), undefined for the
   * others: bin/llmcost.js reads them from /proc/self/cmdline where it can. See argvOf.
   */
  argvBytes?: readonly (Uint8Array | undefined)[];
  stdin: Readable & { isTTY?: boolean };
  /**
   * What stdin is, as fstat tells: only a pipe, file or socket is read without a path; a terminal,
   * a device such as /dev/null, or a closed stdin is a usage error instead of a silent empty input.
   * Defaults to "terminal" when stdin.isTTY, else "pipe".
   */
  stdinKind?: "terminal" | "pipe" | "file" | "socket" | "device" | "closed";
  /** `columns`: the terminal's width, when stdout is one (tables fit it, see layoutFor). */
  stdout: Writable & { isTTY?: boolean; columns?: number };
  /** `columns`: the terminal's width, when stderr is one (the progress line fits it). */
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Working directory: where llmcost.config.json is looked for and every relative path the user
   * gives (operands, globs, --pricing, --baseline, -o) is read or written, shown as typed;
   * process.cwd() by default.
   */
  cwd?: string;
  /** The clock, in milliseconds (the progress line's rate and time left); Date.now by default. */
  now?: () => number;
  /** How network calls wait, time out and give up (llmcost calibrate); real timers by default. */
  net?: NetworkOptions;
  /**
   * Whether a tokenizer module's code failed where nothing caught it (a rejection it dropped, a throw
   * from its microtask), as the process's handler found (see moduleFailure) and has said on stderr:
   * that module's path, else undefined. The report is then not written and the run ends 65.
   */
  moduleFailed?: () => string | undefined;
}

/** What a command hands back: the text for stdout (written whole, at the end) and an exit code. */
export interface CommandResult {
  stdout: string;
  exitCode: number;
  /** A failure reported once stdout is written, whose exit code then beats `exitCode` (a summary not written). */
  afterOutput?: LlmcostError;
}

/** The working directory of a run: the io's, else this process's (the one read of it outside bin/). */
export function cwdOf(io: Pick<CliIO, "cwd">): string {
  return io.cwd ?? process.cwd();
}

/** The clock of a run: the io's, else the system's (read only for the progress line). */
export function clockOf(io: Pick<CliIO, "now">): () => number {
  return io.now ?? Date.now;
}

/** Prints a non-fatal `llmcost: <subject>: <reason>` line on stderr. */
export type Warn = (subject: string, reason: string) => void;

/**
 * Why stdin cannot serve as the input when no path is named, or undefined when it can: only a pipe,
 * a file or a socket is read implicitly; a terminal, a device such as /dev/null, or a closed stdin
 * would be a hang or a silent empty input.
 */
export function stdinUnusable(io: Pick<CliIO, "stdin" | "stdinKind">): string | undefined {
  const kind = io.stdinKind ?? (io.stdin.isTTY ? "terminal" : "pipe");
  if (kind === "pipe" || kind === "file" || kind === "socket") return undefined;
  return kind === "closed" ? "stdin is closed" : `stdin is a ${kind}`;
}

/**
 * The arguments, each one given with bytes that are not UTF-8 as its key (those bytes as lone
 * surrogates, see io/byte-paths.ts): a path operand then names its file byte for byte, and is shown
 * escaped, where U+FFFD would name no file.
 */
export function argvOf(io: Pick<CliIO, "argv" | "argvBytes">): string[] {
  return io.argv.map((arg, i) => {
    const bytes = io.argvBytes?.[i];
    return bytes ? bytePath(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).key : arg;
  });
}
