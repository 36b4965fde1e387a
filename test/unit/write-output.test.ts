import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import { writeAll } from "../../src/cli/write.js";
import { checkOutputTarget, writeOutputFile } from "../../src/io/write-file.js";
import { tempDir } from "../temp-dir.js";

let dir = "";
beforeEach(() => {
  dir = tempDir("llmcost-out-");
});

describe("writeOutputFile", () => {
  it("replaces a regular file whole, keeping its permissions, and leaves no temporary file", async () => {
    const path = join(dir, "p.json");
    writeFileSync(path, "old");
    chmodSync(path, 0o640);
    await writeOutputFile(path, "new");
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["p.json"]);
  });

  it("never makes a directory, and refuses a link into a missing directory, a loop and a directory", async () => {
    const missing = join(dir, "a", "b.json");
    await expect(writeOutputFile(missing, "x")).rejects.toThrow(
      `${missing}: no such directory: ${join(dir, "a")}`,
    );
    await expect(checkOutputTarget(missing)).rejects.toThrow(/no such directory/);
    expect(existsSync(join(dir, "a"))).toBe(false);
    symlinkSync(join("nowhere", "x.json"), join(dir, "dangling"));
    await expect(writeOutputFile(join(dir, "dangling"), "x")).rejects.toThrow(
      `${join(dir, "dangling")}: no such directory: ${join(dir, "nowhere")}`,
    );
    await expect(checkOutputTarget(join(dir, "dangling"))).rejects.toThrow(/no such directory/);
    symlinkSync("loop", join(dir, "loop"));
    await expect(writeOutputFile(join(dir, "loop"), "x")).rejects.toThrow(/is a symbolic link loop/);
    await expect(writeOutputFile(dir, "x")).rejects.toThrow(/is a directory/);
    expect(readdirSync(dir).sort()).toEqual(["dangling", "loop"]);
  });

  it("follows a link to a missing file (through another link) and creates that file, as a shell's > does", async () => {
    mkdirSync(join(dir, "real"));
    symlinkSync(join("real", "p.json"), join(dir, "inner"));
    symlinkSync("inner", join(dir, "outer"));
    await checkOutputTarget(join(dir, "outer"));
    await writeOutputFile(join(dir, "outer"), "new");
    expect(readFileSync(join(dir, "real", "p.json"), "utf8")).toBe("new");
    // The links stay links, and no temporary file is left beside the file made.
    expect(lstatSync(join(dir, "outer")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, "inner")).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(dir, "real"))).toEqual(["p.json"]);
  });

  it("writes a FIFO in place: it stays a FIFO, and its reader gets the text", async () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo]);
    const read = new Promise<string>((resolve) => {
      let text = "";
      reader.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      reader.on("close", () => resolve(text));
    });
    await writeOutputFile(fifo, "through the pipe\n");
    expect(await read).toBe("through the pipe\n");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(["fifo"]);
  });
});

describe("writeAll", () => {
  const failing = (code: string) =>
    new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error(`${code}: write`), { code }));
      },
    }).on("error", () => {});

  it("a closed stdout (EBADF) names stdout; a reader gone (EPIPE) is no error", async () => {
    await expect(writeAll(failing("EBADF"), "x")).rejects.toMatchObject({
      kind: "output",
      subject: "stdout",
      reason: "cannot write (closed)",
    });
    await expect(writeAll(failing("EPIPE"), "x")).resolves.toBeUndefined();
  });
});
