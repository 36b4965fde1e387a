import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { replaceFileAtomic } from "../../src/io/write-file.js";
import { tempDir } from "../temp-dir.js";

let dir = "";
beforeEach(() => {
  dir = tempDir("llmcost-replace-");
});

describe("replaceFileAtomic", () => {
  it("replaces a regular file whole, leaving no temporary file", async () => {
    const path = join(dir, "p.json");
    writeFileSync(path, "old");
    await replaceFileAtomic(path, "new");
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["p.json"]);
  });

  it("follows a symbolic link: the file it points to is replaced, the link stays", async () => {
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "p.json"), "old");
    symlinkSync(join(dir, "real", "p.json"), join(dir, "link.json"));
    await replaceFileAtomic(join(dir, "link.json"), "new");
    expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real", "p.json"), "utf8")).toBe("new");
    expect(readdirSync(join(dir, "real"))).toEqual(["p.json"]);
  });

  it("refuses what is not a regular file, and a directory that is missing", async () => {
    execFileSync("mkfifo", [join(dir, "fifo")]);
    await expect(replaceFileAtomic(join(dir, "fifo"), "x")).rejects.toThrow(
      /exists and is not a regular file/,
    );
    await expect(replaceFileAtomic(dir, "x")).rejects.toThrow(/exists and is not a regular file/);
    await expect(replaceFileAtomic(join(dir, "a", "b", "p.json"), "x")).rejects.toThrow(/no such directory/);
    expect(readdirSync(dir)).toEqual(["fifo"]);
  });

  it("makes only the directories it is told to, in order, under one that exists", async () => {
    const path = join(dir, "llmcost", "calibration", "p.json");
    const directories = [join(dir, "llmcost"), join(dir, "llmcost", "calibration")];
    await replaceFileAtomic(path, "x", { createDirectories: directories });
    expect(readFileSync(path, "utf8")).toBe("x");
    const deeper = join(dir, "none", "llmcost", "calibration", "p.json");
    await expect(
      replaceFileAtomic(deeper, "x", {
        createDirectories: [join(dir, "none", "llmcost"), join(dir, "none", "llmcost", "calibration")],
      }),
    ).rejects.toThrow(/no such directory: .*\/none$/);
  });
});
