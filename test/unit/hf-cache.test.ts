// The tables converted from a tokenizer.json are cached (XDG cache, under the file's content hash): a
// later run reads them without parsing the JSON again, and a changed file is converted anew.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { tableCacheDir } from "../../src/tokenizers/table-cache.js";
import { tempDir } from "../temp-dir.js";

const FIXTURE = resolve("test/fixtures/hf/llama3.json");

/** hf-load.js as a new run loads it (no table held in memory), with hf-json.js's reader as given. */
async function freshLoader(readHfTokenizer?: () => never) {
  vi.resetModules();
  vi.doUnmock("../../src/tokenizers/hf-json.js");
  if (readHfTokenizer)
    vi.doMock("../../src/tokenizers/hf-json.js", async (original) => ({
      ...(await original<typeof import("../../src/tokenizers/hf-json.js")>()),
      readHfTokenizer,
    }));
  return (await import("../../src/tokenizers/hf-load.js")).loadHfTokenizer;
}

const cached = () => {
  try {
    return readdirSync(tableCacheDir() as string).filter((name) => /^hf-[0-9a-f]{24}\.bin$/.test(name));
  } catch {
    return []; // No table cached yet: the directory is made with the first.
  }
};

const readdirSafe = () => {
  try {
    return readdirSync(tableCacheDir() as string);
  } catch {
    return [];
  }
};

describe("converted tokenizer.json tables are cached", () => {
  it("a second run reads the cache: the JSON is not read again", async () => {
    // Content of its own (the other tests' runs may have cached the fixture's tables already).
    const dir = tempDir();
    const path = join(dir, "tokenizer.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(FIXTURE, "utf8")), written: dir }));
    const before = new Set(cached());
    const first = await (await freshLoader())(`hf:${path}`);
    const added = cached().filter((name) => !before.has(name));
    expect(added).toHaveLength(1);
    const text = "Hello world, it's 2026: 你好 😀";
    const count = first.count(text);

    const second = await (
      await freshLoader(() => {
        throw new Error("the JSON was read again");
      })
    )(`hf:${path}`);
    expect(second.count(text)).toBe(count);
    expect(second.encode?.(text)).toEqual(first.encode?.(text));
    vi.doUnmock("../../src/tokenizers/hf-json.js");
  });

  it("a file that fails to convert leaves no hf-seen record", async () => {
    const dir = tempDir();
    const path = join(dir, "tokenizer.json");
    writeFileSync(path, JSON.stringify({ model: { type: "WordPiece", written: dir } }));
    const seen = `hf-seen-${createHash("sha256").update(path).digest("hex").slice(0, 24)}`;
    const load = await freshLoader();
    await expect(load(`hf:${path}`)).rejects.toThrow(/model type "WordPiece"/);
    expect(readdirSafe()).not.toContain(seen);
    // The same path once it converts is remembered.
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(FIXTURE, "utf8")), written: dir }));
    await load(`hf:${path}`);
    expect(readdirSafe()).toContain(seen);
  });

  it("a changed file is converted again, and its old tables removed", async () => {
    const dir = tempDir();
    const path = join(dir, "tokenizer.json");
    const original = JSON.stringify({ ...JSON.parse(readFileSync(FIXTURE, "utf8")), written: dir });
    writeFileSync(path, original);
    const load = await freshLoader();
    const text = "Hello world";
    const before = (await load(`hf:${path}`)).count(text);
    const oldTable = `hf-${createHash("sha256").update(original).digest("hex").slice(0, 24)}.bin`;
    expect(cached()).toContain(oldTable);
    // The same tokenizer with every merge dropped: each byte is a token.
    const json = JSON.parse(readFileSync(FIXTURE, "utf8"));
    json.model.merges = [];
    json.model.ignore_merges = false;
    writeFileSync(path, JSON.stringify(json));
    const after = await (await freshLoader())(`hf:${path}`);
    expect(before).toBeLessThan(text.length);
    expect(after.count(text)).toBe(text.length);
    expect(cached()).not.toContain(oldTable);
  });
});
