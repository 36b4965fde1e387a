import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import type { ErrorBand, Tokenizer } from "../../src/tokenizers/types.js";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

const BAND: ErrorBand = { low: 0.9, high: 1.25, against: "a test band" };

// The registry, with a known band on `chars:4` (whatever band the shipped ratio tokenizers carry):
// `bytes:4` counts ASCII text alike and has none, so the two runs differ by the band alone.
vi.mock("../../src/tokenizers/registry.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/tokenizers/registry.js")>();
  return {
    ...actual,
    createTokenizerRegistry: (...args: Parameters<typeof actual.createTokenizerRegistry>) => {
      const registry = actual.createTokenizerRegistry(...args);
      return {
        ...registry,
        load: async (id: string): Promise<Tokenizer> => {
          const tokenizer = await registry.load(id);
          const { band: _, ...bandless } = tokenizer;
          return id === "chars:4" ? { ...tokenizer, band: BAND } : bandless;
        },
      };
    },
  };
});

// our-llm-rough: chars:4, $0.05 per 1M input tokens, $0.10 output, 2,048 tokens of maximum output.
const PRICING = fileURLToPath(new URL("../fixtures/tokenizers/pricing.json", import.meta.url));
const TEXT = "a".repeat(400); // 100 tokens: 90–125 with the band

const llmcost = runCli;

const estimate = (...flags: string[]) =>
  llmcost(["estimate", "--pricing", PRICING, "-m", "our-llm-rough", "--annotations", "none", ...flags], {
    input: TEXT,
  });

describe("error bands through the CLI", () => {
  it("JSON: the range and the band on the estimated row", async () => {
    const { code, stdout } = await estimate("-f", "json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).results[0]).toMatchObject({
      exact: false,
      inputTokens: 100,
      inputTokensRange: { low: 90, high: 125 },
      inputCostRange: { low: 0.0000045, high: 0.00000625 },
      errorBand: BAND,
    });
    const bandless = JSON.parse((await estimate("-f", "json", "--tokenizer", "bytes:4")).stdout).results[0];
    expect(bandless).toMatchObject({
      exact: false,
      inputTokensRange: null,
      inputCostRange: null,
      errorBand: null,
    });
  });

  it("CSV: input tokens and input cost at the band's ends", async () => {
    // The columns appended since (issue 20) come after these 27.
    const [head, row] = (await estimate("-f", "csv")).stdout
      .split("\r\n")
      .map((line) => line.split(",").slice(0, 27).join(","));
    expect(head?.endsWith(",inputTokensLow,inputTokensHigh,inputCostLow,inputCostHigh")).toBe(true);
    expect(row?.endsWith(",90,125,0.0000045,0.00000625")).toBe(true);
  });

  it("table and markdown: a footnote with the range, the band's source and how much higher it may be", async () => {
    const line =
      "≈ estimated: our-llm-rough could be 90–125 input tokens (input $0.0000045–$0.00000625), band from a test band; the real count may be up to 25% higher";
    expect((await estimate("--color", "never")).stdout).toContain(line);
    expect((await estimate("-f", "markdown")).stdout).toContain("could be 90–125 input tokens");
  });

  it("--budget-on high fails a budget the expected cost meets, because of the band", async () => {
    // Expected $0.000015; high without the band $0.0002098; with it $0.00021105.
    const budget = ["--output-tokens", "100", "--max-cost", "0.00021"];
    expect((await estimate(...budget)).code).toBe(0);
    expect((await estimate(...budget, "--budget-on", "high", "--tokenizer", "bytes:4")).code).toBe(0);
    const high = await estimate(...budget, "--budget-on", "high", "-f", "json");
    expect(high.code).toBe(1);
    expect(high.stderr).toBe(
      "llmcost: our-llm-rough: high cost $0.000211 is over --max-cost $0.00021 (input at the high end of the estimate's error band)\n",
    );
    expect(JSON.parse(high.stdout).budget).toMatchObject({ on: "high", passed: false });
  });

  it("--budget-on low takes the band's low end, with no output", async () => {
    const budget = ["--output-tokens", "100", "--max-tokens", "95"];
    expect((await estimate(...budget)).code).toBe(1);
    expect((await estimate(...budget, "--budget-on", "low", "--tokenizer", "bytes:4")).code).toBe(1);
    expect((await estimate(...budget, "--budget-on", "low")).code).toBe(0);
  });

  it("check: budgetOn in the config, at the top and per rule, picks the bound", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "prompt.txt"), TEXT);
    const config = (rule: object) =>
      writeFileSync(
        join(dir, "llmcost.config.json"),
        JSON.stringify({
          models: ["our-llm-rough"],
          outputTokens: 100,
          budgetOn: "high",
          rules: [{ name: "prompt", paths: ["prompt.txt"], maxCost: 0.00021, ...rule }],
        }),
      );
    // By path: io.cwd is where a config is looked for, while inputs are read from the process's directory.
    const check = () =>
      llmcost([
        "check",
        "-c",
        join(dir, "llmcost.config.json"),
        "--pricing",
        PRICING,
        "--annotations",
        "none",
      ]);
    config({});
    const high = await check();
    expect(high.code).toBe(1);
    expect(high.stderr).toContain(
      "llmcost: prompt: our-llm-rough: high cost $0.000211 is over maxCost $0.00021 (input at the high end of the estimate's error band)",
    );
    config({ budgetOn: "expected" });
    expect((await check()).code).toBe(0);
  });
});
