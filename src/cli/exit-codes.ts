import type { ErrorKind } from "../errors.js";

/** The documented exit codes (sysexits.h values where one fits). Only bin/ applies them to the process. */
export const EXIT = {
  ok: 0,
  /** Reserved for "over budget", and used for nothing else. */
  overBudget: 1,
  usage: 64,
  data: 65,
  noInput: 66,
  internal: 70,
  output: 74,
} as const;

export const EXIT_FOR: Record<ErrorKind, number> = {
  usage: EXIT.usage,
  data: EXIT.data,
  "no-input": EXIT.noInput,
  output: EXIT.output,
  // sysexits' EX_IOERR, as for a failed write: input/output with the outside (a counting endpoint) failed.
  service: EXIT.output,
};
