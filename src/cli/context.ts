import type { Readable, Writable } from "node:stream";

/** Everything a command may touch of the outside world, passed in so tests can fake it. */
export interface CliIO {
  argv: readonly string[];
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
}

/** What a command hands back: the text for stdout (written whole, at the end) and an exit code. */
export interface CommandResult {
  stdout: string;
  exitCode: number;
}

/** Prints a non-fatal `llmcost: <subject>: <reason>` line on stderr. */
export type Warn = (subject: string, reason: string) => void;
