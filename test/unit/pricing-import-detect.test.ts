import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isLitellmList } from "../../src/pricing/litellm.js";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

const LITELLM = new URL("../fixtures/litellm/small.json", import.meta.url).pathname;

describe("pricing import detects the file's format", () => {
  it("converts a LiteLLM list without --from, as with --from litellm", async () => {
    const detected = await runCli(["pricing", "import", LITELLM, "--include-known"]);
    const named = await runCli(["pricing", "import", "--from", "litellm", LITELLM, "--include-known"]);
    expect(detected.code).toBe(0);
    expect(detected.stdout).toBe(named.stdout);
    expect(detected.stderr).toBe(named.stderr);
    expect(JSON.parse(detected.stdout).models.map((m: { id: string }) => m.id)).toContain("gpt-4o");
  });

  it("refuses a JSON file in no known format: one line naming the file, exit 65, nothing on stdout", async () => {
    const dir = tempDir();
    for (const [name, text] of [
      ["object.json", '{"gpt-4o": {"price": 1}}'],
      ["array.json", "[1, 2]"],
      ["empty.json", "{}"],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      for (const from of [[], ["--from", "litellm"]]) {
        const run = await runCli(["pricing", "import", ...from, file]);
        expect(run.code).toBe(65);
        expect(run.stdout).toBe("");
        expect(run.stderr).toBe(`llmcost: ${file}: not a price list in a known format: ${REASON}\n`);
      }
    }
  });

  it("still takes only litellm as --from", async () => {
    const run = await runCli(["pricing", "import", "--from", "csv", LITELLM]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/--from: "csv" is invalid; expected one of litellm/);
  });
});

const REASON =
  "expected llmcost's (an object with \"models\") or LiteLLM's (model names mapped to entries with litellm_provider and *_cost_per_token)";

describe("isLitellmList", () => {
  it("knows LiteLLM's entries by their provider or per-token prices", () => {
    expect(isLitellmList({ sample_spec: { mode: "chat" } })).toBe(true);
    expect(isLitellmList({ m: { litellm_provider: "openai" } })).toBe(true);
    expect(isLitellmList({ m: { input_cost_per_token: 1e-6 } })).toBe(true);
    expect(isLitellmList({ m: { cache_read_input_token_cost: 1e-6 } })).toBe(true);
    expect(isLitellmList({ m: { price: 1 } })).toBe(false);
    expect(isLitellmList({ models: [] })).toBe(false);
    expect(isLitellmList([{ litellm_provider: "openai" }])).toBe(false);
    expect(isLitellmList("x")).toBe(false);
    expect(isLitellmList(null)).toBe(false);
  });
});
