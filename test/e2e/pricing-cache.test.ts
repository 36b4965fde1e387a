import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cleanEnv, llmcost, ROOT, rowOf, tempDir } from "./cli.js";

// The built CLI validates the shipped price list once and keeps the result in its cache directory
// (src/io/pricing-cache.ts). Every run after the first reads it: these runs must print what a run that
// validated the files prints, whatever state the cache is in.

/** A cache directory of its own, and where the cached price list lands in it. */
function freshCache() {
  const home = tempDir();
  return {
    env: { XDG_CACHE_HOME: home },
    file: () => {
      const keys = readdirSync(join(home, "llmcost"));
      expect(keys).toHaveLength(1);
      return join(home, "llmcost", keys[0] as string, "pricing.bin");
    },
  };
}

const RUNS: string[][] = [
  ["estimate", "-m", "gpt-4o", "--format", "json"],
  // A host's alias, of a listing that inherits its maker's fields.
  ["estimate", "-m", "us.anthropic.claude-3-5-haiku-20241022-v1:0", "--format", "json"],
  ["models", "--format", "json"],
  ["models", "-p", "bedrock"],
  // A name no model has: the suggestions come from every file's names.
  ["estimate", "-m", "claude-haiku-3.5-bedrock"],
];

describe("the built CLI's cache of the validated price list", () => {
  it("is written by the first run and read by the next, which print the same; a damaged one changes nothing", async () => {
    const cache = freshCache();
    const runAll = () =>
      Promise.all(RUNS.map((args) => llmcost(args, { input: "Hello, world.\n", env: cache.env })));
    const first = await runAll();
    expect(first[0]?.code).toBe(0);
    expect(first[1]?.code).toBe(0);
    expect(first[4]?.code).toBe(64);
    const file = cache.file();
    expect(existsSync(file)).toBe(true);
    const bytes = readFileSync(file);
    expect(await runAll()).toEqual(first);
    // A byte flipped in the middle: its checksum fails, the files are validated again.
    const damaged = Buffer.from(bytes);
    damaged[bytes.length >> 1] = (damaged[bytes.length >> 1] as number) ^ 0x20;
    writeFileSync(file, damaged);
    expect(await runAll()).toEqual(first);
    expect(readFileSync(file)).toEqual(bytes);
  });

  it("does not stand in for a shipped file changed since it was written", async () => {
    // A copy of the package (its pricing/ resolved from the bundle's own place), sharing the
    // vocabularies and dependencies.
    const root = join(tempDir(), "package");
    mkdirSync(root);
    for (const entry of ["bin", "dist", "pricing", "package.json"])
      cpSync(join(ROOT, entry), join(root, entry), { recursive: true });
    for (const entry of ["tokenizers", "node_modules"]) symlinkSync(join(ROOT, entry), join(root, entry));
    const cache = freshCache();
    const input = join(tempDir(), "one.txt");
    writeFileSync(input, "Hello, world.\n");
    const run = async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(root, "bin", "llmcost.js"), "estimate", input, "-m", "gpt-4o", "--format", "json"],
        { env: cleanEnv(cache.env) },
      );
      return rowOf(stdout, "gpt-4o-2024-08-06");
    };
    const before = await run();
    expect(existsSync(cache.file())).toBe(true);
    const openai = join(root, "pricing", "openai.json");
    const text = readFileSync(openai, "utf8");
    // gpt-4o-2024-08-06's input price, $2.50 per 1M tokens, made $2.60.
    const changed = text.replace(/"input": 2\.5,/g, '"input": 2.6,');
    expect(changed).not.toBe(text);
    writeFileSync(openai, changed);
    const after = await run();
    expect(after.inputCost).not.toEqual(before.inputCost);
    writeFileSync(openai, text);
    expect(await run()).toEqual(before);
  });
});
