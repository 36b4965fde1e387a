import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultTokenizers } from "../../src/api.js";
import { BUNDLED_PRICING_DIR, readPricingDir } from "../../src/io/load-pricing.js";
import { openShippedPricingCache } from "../../src/io/pricing-cache.js";
import { buildCatalog } from "../../src/pricing/catalog.js";
import type { ProviderFile } from "../../src/pricing/types.js";
import { tempDir } from "../temp-dir.js";

// Run from the sources, the build's CODE_KEY is "dev" and nothing is cached: these tests name a key
// of their own. The built CLI's use of the cache is tested in test/e2e/pricing-cache.test.ts.
const KEY = "0.0.0-test";
const saved = process.env.XDG_CACHE_HOME;
afterEach(() => {
  process.env.XDG_CACHE_HOME = saved;
});

/** A cache directory of the test's own; returns where pricing.bin lands. */
function useCacheDir(): string {
  const home = tempDir();
  process.env.XDG_CACHE_HOME = home;
  return join(home, "llmcost", "dev", "pricing.bin");
}

const providerFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith(".json") && name !== "schema.json")
    .sort();

/** A copy of the shipped pricing directory, to change. */
function pricingCopy(): string {
  const dir = join(tempDir(), "pricing");
  cpSync(BUNDLED_PRICING_DIR, dir, { recursive: true });
  return dir;
}

async function cached(dir: string, label = "pricing", key = KEY) {
  return openShippedPricingCache(dir, label, providerFiles(dir), key);
}

const isKnown = (id: string) => defaultTokenizers().has(id);

describe("the validated price list's cache", () => {
  it("gives back exactly what validating the shipped files gave, prices as BigInts, and the same catalogue", async () => {
    useCacheDir();
    const validated = await readPricingDir(BUNDLED_PRICING_DIR, "pricing");
    const first = await cached(BUNDLED_PRICING_DIR);
    expect(first?.files).toBeUndefined();
    await first?.save(validated);
    const again = await cached(BUNDLED_PRICING_DIR);
    expect(again?.files).toBeDefined();
    expect(again?.files).toStrictEqual(validated);
    expect(typeof again?.files?.[0]?.models[0]?.prices[0]?.input).toBe("bigint");
    // The catalogue built from it, host listings resolved over their makers' models, is the same.
    expect(buildCatalog(again?.files as ProviderFile[], isKnown)).toStrictEqual(
      buildCatalog(validated, isKnown),
    );
    // Each read is a copy of its own: what one run's catalogue does to it reaches no other.
    const third = await cached(BUNDLED_PRICING_DIR);
    expect(third?.files).not.toBe(again?.files);
    expect(third?.files).toStrictEqual(validated);
  });

  it("is not used for another build's key, directory, label, or a changed, added or removed file", async () => {
    useCacheDir();
    const dir = pricingCopy();
    const validated = await readPricingDir(dir, "pricing");
    await (await cached(dir))?.save(validated);
    expect((await cached(dir))?.files).toStrictEqual(validated);
    expect((await cached(dir, "pricing", "0.0.1-test"))?.files).toBeUndefined();
    expect((await cached(dir, "elsewhere"))?.files).toBeUndefined();
    expect((await cached(BUNDLED_PRICING_DIR))?.files).toBeUndefined();

    // One price changed, same length: the contents are what is compared, not sizes or dates.
    const openai = join(dir, "openai.json");
    const text = readFileSync(openai, "utf8");
    const changed = text.replace(/"input": 2\.5,/, '"input": 2.6,');
    expect(changed).not.toBe(text);
    writeFileSync(openai, changed);
    expect((await cached(dir))?.files).toBeUndefined();
    writeFileSync(openai, text);
    expect((await cached(dir))?.files).toStrictEqual(validated);

    const names = providerFiles(dir);
    expect((await openShippedPricingCache(dir, "pricing", names.slice(1), KEY))?.files).toBeUndefined();
    writeFileSync(join(dir, "zz-extra.json"), "{}");
    expect((await cached(dir))?.files).toBeUndefined();
  });

  it("is not saved when a file changed between its checksum and the save (validation read other bytes)", async () => {
    const file = useCacheDir();
    const dir = pricingCopy();
    const validated = await readPricingDir(dir, "pricing");
    const cache = await cached(dir);
    const openai = join(dir, "openai.json");
    writeFileSync(openai, readFileSync(openai, "utf8").replace(/"input": 2\.5,/, '"input": 2.6,'));
    await cache?.save(validated);
    expect(() => readFileSync(file)).toThrow();
  });

  it("falls back, silently, on a damaged cache file, and the next save mends it", async () => {
    const file = useCacheDir();
    const validated = await readPricingDir(BUNDLED_PRICING_DIR, "pricing");
    await (await cached(BUNDLED_PRICING_DIR))?.save(validated);
    const bytes = readFileSync(file);
    const damaged = Buffer.from(bytes);
    damaged[1000] = (damaged[1000] as number) ^ 1;
    writeFileSync(file, damaged);
    expect((await cached(BUNDLED_PRICING_DIR))?.files).toBeUndefined();
    writeFileSync(file, bytes.subarray(0, bytes.length - 3));
    expect((await cached(BUNDLED_PRICING_DIR))?.files).toBeUndefined();
    writeFileSync(file, "not a cache file");
    expect((await cached(BUNDLED_PRICING_DIR))?.files).toBeUndefined();
    await (await cached(BUNDLED_PRICING_DIR))?.save(validated);
    expect((await cached(BUNDLED_PRICING_DIR))?.files).toStrictEqual(validated);
  });

  it("saves nothing that would not come back the same (an undefined field, a string that looks like a marked BigInt)", async () => {
    const file = useCacheDir();
    const validated = await readPricingDir(BUNDLED_PRICING_DIR, "pricing");
    const model = validated[0]?.models[0];
    if (!model) throw new Error("no model");
    const withUndefined = [
      { ...validated[0], models: [{ ...model, reasoning: undefined }] },
    ] as ProviderFile[];
    await (await cached(BUNDLED_PRICING_DIR))?.save(withUndefined);
    expect(() => readFileSync(file)).toThrow();
    const marked = [{ ...validated[0], models: [{ ...model, name: "\u00011" }] }] as ProviderFile[];
    await (await cached(BUNDLED_PRICING_DIR))?.save(marked);
    expect(() => readFileSync(file)).toThrow();
  });

  it("saves nothing, and fails nothing, where no cache directory can be made", async () => {
    const home = tempDir();
    writeFileSync(join(home, "a-file"), "");
    process.env.XDG_CACHE_HOME = join(home, "a-file");
    const validated = await readPricingDir(BUNDLED_PRICING_DIR, "pricing");
    const cache = await cached(BUNDLED_PRICING_DIR);
    expect(cache?.files).toBeUndefined();
    await expect(cache?.save(validated)).resolves.toBeUndefined();
    expect(readdirSync(home)).toEqual(["a-file"]);
    expect((await cached(BUNDLED_PRICING_DIR))?.files).toBeUndefined();
  });

  it("is never used from the sources (key dev), nor for a file that cannot be read", async () => {
    useCacheDir();
    const names = providerFiles(BUNDLED_PRICING_DIR);
    expect(await openShippedPricingCache(BUNDLED_PRICING_DIR, "pricing", names)).toBeUndefined();
    expect(
      await openShippedPricingCache(BUNDLED_PRICING_DIR, "pricing", [...names, "missing.json"], KEY),
    ).toBeUndefined();
    // A FIFO named like a provider file is neither waited on (no writer comes) nor cached over.
    const dir = pricingCopy();
    execFileSync("mkfifo", [join(dir, "zz-fifo.json")]);
    expect(await cached(dir)).toBeUndefined();
  });
});
