import type { Writable } from "node:stream";
import { outputError } from "../errors.js";

/**
 * Writes the whole output (stdout) and waits until it is flushed. A reader that went away (EPIPE, as
 * with `| head -1`) is not an error; a closed stdout (`>&-`, EBADF) is `stdout: cannot write (closed)`;
 * any other failure is an output error naming the cause.
 */
export function writeAll(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text === "") return resolve();
    let settled = false;
    const onError = (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      if (error.code === "EPIPE") resolve();
      else if (error.code === "EBADF") reject(outputError("stdout", "cannot write (closed)"));
      else reject(outputError("write error", describe(error)));
    };
    stream.once("error", onError);
    stream.write(text, (error) => {
      stream.off("error", onError);
      if (error) onError(error as NodeJS.ErrnoException);
      else if (!settled) {
        settled = true;
        resolve();
      }
    });
  });
}

const REASONS: Record<string, string> = {
  ENOSPC: "No space left on device",
  EIO: "input/output error",
};

function describe(error: NodeJS.ErrnoException): string {
  return (error.code && REASONS[error.code]) ?? error.message;
}
