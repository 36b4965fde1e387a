import type { Writable } from "node:stream";
import { outputError } from "../errors.js";

/**
 * Writes the whole output and waits until it is flushed. A reader that went away (EPIPE, as with
 * `| head -1`) is not an error; any other failure is an output error naming the cause.
 * Returns false when the reader has gone, so callers can stop writing.
 */
export function writeAll(stream: Writable, text: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    if (text === "") return resolve(true);
    let settled = false;
    const onError = (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      if (error.code === "EPIPE") resolve(false);
      else reject(outputError("write error", describe(error)));
    };
    stream.once("error", onError);
    stream.write(text, (error) => {
      stream.off("error", onError);
      if (error) onError(error as NodeJS.ErrnoException);
      else if (!settled) {
        settled = true;
        resolve(true);
      }
    });
  });
}

const REASONS: Record<string, string> = {
  ENOSPC: "No space left on device",
  EIO: "input/output error",
  EBADF: "output is closed",
};

function describe(error: NodeJS.ErrnoException): string {
  return (error.code && REASONS[error.code]) ?? error.message;
}
