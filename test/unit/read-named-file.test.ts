import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readNamedFile } from "../../src/io/read-named-file.js";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "llmcost-named-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = { maxBytes: 16, kind: "a test file" };

/** The error readNamedFile fails with, as kind and one line. */
async function failure(path: string, extra: Record<string, unknown> = {}) {
  const error = await readNamedFile(path, { ...options, ...extra }).then(
    () => undefined,
    (caught: { kind: string; message: string }) => caught,
  );
  return error && { kind: error.kind, message: error.message };
}

describe("readNamedFile", () => {
  it("reads a regular file, through a symbolic link, without its byte-order mark", async () => {
    writeFileSync(join(dir, "a.json"), "\uFEFF{}");
    symlinkSync("a.json", join(dir, "link"));
    expect(await readNamedFile(join(dir, "link"), options)).toBe("{}");
    // Only the first: a second mark is text.
    writeFileSync(join(dir, "b.json"), "\uFEFF\uFEFFx");
    expect(await readNamedFile(join(dir, "b.json"), options)).toBe("\uFEFFx");
  });

  it("refuses special files and directories at once, and a file over the cap", async () => {
    execFileSync("mkfifo", [join(dir, "fifo")]);
    expect(await failure(join(dir, "fifo"))).toEqual({
      kind: "data",
      message: `${join(dir, "fifo")}: is a pipe, not a regular file`,
    });
    symlinkSync("/dev/null", join(dir, "null"));
    expect(await failure(join(dir, "null"), { label: "N", expected: "JSON" })).toEqual({
      kind: "data",
      message: "N: is a character device, not a regular file (expected JSON)",
    });
    mkdirSync(join(dir, "sub"));
    expect(await failure(join(dir, "sub"))).toMatchObject({ kind: "no-input", message: /: is a directory$/ });
    writeFileSync(join(dir, "big"), "x".repeat(17));
    expect(await failure(join(dir, "big"))).toEqual({
      kind: "data",
      message: `${join(dir, "big")}: larger than 16 bytes, too large for a test file`,
    });
    writeFileSync(join(dir, "fits"), "x".repeat(16));
    expect(await readNamedFile(join(dir, "fits"), options)).toHaveLength(16);
  });

  it("names a missing file, a link loop and a denied one; optional files that are absent are undefined", async () => {
    expect(await failure(join(dir, "none"), { notFound: "config file not found" })).toEqual({
      kind: "no-input",
      message: `${join(dir, "none")}: config file not found`,
    });
    symlinkSync("self", join(dir, "self"));
    expect(await failure(join(dir, "self"))).toEqual({
      kind: "no-input",
      message: `${join(dir, "self")}: symbolic link loop`,
    });
    expect(await readNamedFile(join(dir, "none"), { ...options, optional: true })).toBeUndefined();
    expect(await readNamedFile(join(dir, "none", "deeper"), { ...options, optional: true })).toBeUndefined();
    // A link loop is not "absent", even for an optional file.
    await expect(readNamedFile(join(dir, "self"), { ...options, optional: true })).rejects.toThrow(/loop/);
  });

  it("stops at the cap when a file says it is smaller than it is", async () => {
    // /proc files report size 0; /proc/self/environ of this process is longer than 16 bytes.
    expect(await failure("/proc/self/environ")).toMatchObject({
      kind: "data",
      message: /larger than 16 bytes/,
    });
  });
});
