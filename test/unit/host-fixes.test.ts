import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../src/pricing/catalog.js";
import { parseProviderFile } from "../../src/pricing/validate.js";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

/** Fixes to hosts' listings found in review (issue 21): each case failed before its fix. */
const TODAY = { env: { LLMCOST_TODAY: "2026-12-06" } };

interface Result {
  model: string;
  inputTokens: number;
  longContext: boolean;
  costExact: { input: string; total: string };
}

async function estimate(args: string[], input: string) {
  const run = await runCli(["estimate", ...args, "-f", "json"], { ...TODAY, input });
  return {
    ...run,
    json: run.code === 0 ? (JSON.parse(run.stdout) as { results: Result[]; notes: string[] }) : undefined,
  };
}

describe("long prompts on a host whose long-context price is not recorded", () => {
  it("azure/gpt-5.4-pro past 272K is priced at OpenAI's long-context proportion, and says so", async () => {
    const text = "word ".repeat(400_000);
    const run = await estimate(["-m", "gpt-5.4-pro,azure/gpt-5.4-pro", "--output-tokens", "0"], text);
    expect(run.stderr).toBe("");
    const byModel = new Map(run.json?.results.map((r) => [r.model, r]));
    const openai = byModel.get("gpt-5.4-pro-2026-03-05");
    const azure = byModel.get("azure/gpt-5.4-pro-2026-03-05");
    expect(openai?.inputTokens).toBeGreaterThan(272_000);
    // Azure's base price is OpenAI's ($30 in): its >272K price follows OpenAI's ($60), not the base.
    expect(azure?.costExact.input).toBe(openai?.costExact.input);
    expect(azure?.longContext).toBe(true);
    expect(run.json?.notes.join("\n")).toMatch(
      /azure\/gpt-5\.4-pro-2026-03-05: Azure OpenAI's own price above 272,000 input tokens is not recorded: priced at gpt-5\.4-pro-2026-03-05's long-context prices in proportion/,
    );
  });

  it("below the threshold nothing changes and no note is printed", async () => {
    const run = await estimate(["-m", "azure/gpt-5.4-pro", "--output-tokens", "0"], "word ".repeat(1000));
    expect(run.json?.results[0]?.longContext).toBe(false);
    expect(run.json?.notes.join("\n")).not.toMatch(/not recorded/);
  });

  it.each([
    "azure/gpt-5.4",
    "azure/gpt-5.5",
    "azure/gpt-5.6-sol",
    "bedrock/gpt-5.4",
    "bedrock/gpt-5.5",
    "openrouter/google/gemini-3.1-pro-preview",
    "together/qwen3.6-plus",
  ])("%s bills a long prompt above its base input price", async (model) => {
    const text = "word ".repeat(300_000);
    const run = await estimate(["-m", model, "--output-tokens", "0"], text);
    expect(run.stderr).toBe("");
    expect(run.json?.results[0]?.longContext).toBe(true);
    expect(run.json?.notes.join("\n")).toMatch(/not recorded/);
  });
});

describe("a first-party price known only up to a size (pricedUpTo)", () => {
  it("qwen-plus past 131,072 input tokens says its cost may be under the bill", async () => {
    const run = await estimate(["-m", "qwen-plus", "--output-tokens", "0"], "word ".repeat(140_000));
    expect(run.stderr).toBe("");
    expect(run.json?.notes.join("\n")).toMatch(
      /qwen-plus: Alibaba Cloud Model Studio \(Qwen\)'s price above 131,072 input tokens is not recorded: priced at the recorded price, so the cost shown may be under the bill/,
    );
    const small = await estimate(["-m", "qwen-plus", "--output-tokens", "0"], "word ".repeat(100));
    expect(small.json?.notes.join("\n")).not.toMatch(/not recorded/);
  });

  it("a host's listing of it inherits the limit", async () => {
    const run = await estimate(
      ["-m", "openrouter/qwen/qwen3-coder-plus", "--output-tokens", "0"],
      "word ".repeat(140_000),
    );
    expect(run.json?.notes.join("\n")).toMatch(
      /openrouter\/qwen\/qwen3-coder-plus: OpenRouter's price above 131,072 input tokens is not recorded/,
    );
  });
});

/** A pricing file of the user's, written to a temporary directory: its path. */
function userFile(name: string, content: object): string {
  const file = join(tempDir(), name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const bedrockPrice = {
  from: "2026-03-01",
  input: 1,
  output: 2,
  source: "https://aws.amazon.com/bedrock/pricing/",
  checked: "2026-03-01",
};

describe("a user's host file and the makers' names", () => {
  it("a host entry may not take a first-party name as an alias: exit 65 naming the file and path", async () => {
    const file = userFile("mine.json", {
      host: "bedrock",
      name: "Amazon Bedrock",
      models: [
        { id: "bedrock/my-gpt", model: "claude-sonnet-4-6", aliases: ["gpt-4o"], prices: [bedrockPrice] },
      ],
    });
    const run = await runCli(["estimate", "--pricing", file, "-m", "gpt-4o"], { ...TODAY, input: "x" });
    expect(run.code).toBe(65);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/mine\.json: models\[0\]\.aliases\[0\]: "gpt-4o" names OpenAI's gpt-4o/);
  });

  it("nor a Llama id of meta.json (a provider file that names Together as host)", async () => {
    const file = userFile("mine.json", {
      host: "bedrock",
      name: "Amazon Bedrock",
      models: [
        {
          id: "bedrock/x",
          model: "claude-sonnet-4-6",
          aliases: ["bedrock/y", "llama-3.1-70b"],
          prices: [bedrockPrice],
        },
      ],
    });
    const run = await runCli(["estimate", "--pricing", file, "-m", "bedrock/x"], { ...TODAY, input: "x" });
    expect(run.code).toBe(65);
    expect(run.stderr).toMatch(/models\[0\]\.aliases\[1\]: "llama-3\.1-70b" names/);
  });

  it("a user's provider file still replaces gpt-4o (the documented override)", async () => {
    const file = userFile("openai-mine.json", {
      provider: "openai",
      name: "OpenAI",
      models: [
        {
          id: "gpt-4o",
          name: "GPT-4o (ours)",
          kind: "chat",
          tokenizer: "o200k_base",
          contextWindow: 128000,
          maxOutputTokens: 16384,
          prices: [{ ...bedrockPrice, source: "https://example.com/ours" }],
        },
      ],
    });
    const run = await estimate(["--pricing", file, "-m", "gpt-4o", "--output-tokens", "1000000"], "x");
    expect(run.stderr).toBe("");
    expect(run.json?.results[0]?.model).toBe("gpt-4o");
  });
});

describe("a host entry whose inherited retirement comes before its own first price", () => {
  it("is refused when the file loads (exit 65, file and JSON path), as a provider file's would be", async () => {
    const file = userFile("late.json", {
      host: "bedrock",
      name: "Amazon Bedrock",
      models: [{ id: "bedrock/late-opus", model: "claude-3-opus-20240229", prices: [bedrockPrice] }],
    });
    const run = await runCli(["estimate", "--pricing", file, "-m", "claude-sonnet-4-6"], {
      ...TODAY,
      input: "x",
    });
    expect(run.code).toBe(65);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /late\.json: models\[0\]\.prices\[0\]\.from: 2026-03-01 is not before claude-3-opus-20240229's retirement \(2026-01-05\)/,
    );
  });

  it("its own later retirement is accepted", async () => {
    const file = userFile("late.json", {
      host: "bedrock",
      name: "Amazon Bedrock",
      models: [
        {
          id: "bedrock/late-opus",
          model: "claude-3-opus-20240229",
          retired: "2026-06-01",
          lifecycleSource: "https://aws.amazon.com/bedrock/",
          lifecycleChecked: "2026-03-01",
          prices: [bedrockPrice],
        },
      ],
    });
    const run = await estimate(["--pricing", file, "-m", "bedrock/late-opus", "--as-of", "2026-04-01"], "x");
    expect(run.code).toBe(0);
    expect(run.json?.results[0]?.model).toBe("bedrock/late-opus");
  });
});

describe("hosts' names", () => {
  it.each([
    ["groq/llama-3.3-70b", "groq/llama-3.3-70b-versatile"],
    ["groq/llama-3.1-8b", "groq/llama-3.1-8b-instant"],
    ["together/llama-3.3-70b", "llama-3.3-70b"],
    ["together/llama-3.1-405b", "llama-3.1-405b"],
    ["together/llama-4-scout-17b-16e-instruct", "llama-4-scout"],
  ])("%s prices as %s", async (name, id) => {
    const run = await estimate(["-m", name, "--output-tokens", "10"], "x");
    expect(run.code).toBe(0);
    expect(run.json?.results[0]?.model).toBe(id);
  });

  it("an id Groq and Together share names neither: the hint lists every seller's listing", async () => {
    const run = await runCli(["estimate", "-m", "meta-llama/llama-4-scout-17b-16e-instruct"], {
      ...TODAY,
      input: "x",
    });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/sold under these names, one per seller: /);
    for (const name of ["groq/llama-4-scout-17b-16e-instruct", "together/llama-4-scout-17b-16e-instruct"])
      expect(run.stderr).toContain(name);
  });

  it("an OpenRouter-style name without openrouter/ suggests the OpenRouter listing", async () => {
    const run = await runCli(["estimate", "-m", "anthropic/claude-sonnet-4.5"], { ...TODAY, input: "x" });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/did you mean openrouter\/anthropic\/claude-sonnet-4\.5\?/);
  });

  it("every Groq and Together listing answers to a groq/… or together/… name", () => {
    const files = readdirSync("pricing").filter((file) => file.endsWith(".json") && file !== "schema.json");
    const catalog = buildCatalog(
      files.map((file) => parseProviderFile(readFileSync(join("pricing", file), "utf8"), `pricing/${file}`)),
      () => true,
    );
    for (const host of ["groq", "together"]) {
      const listings = catalog.models.filter((model) => model.host === host);
      expect(listings.length).toBeGreaterThan(5);
      for (const model of listings)
        expect([model.id, ...model.aliases].filter((name) => name.startsWith(`${host}/`))).not.toEqual([]);
    }
  });
});

interface Listing {
  id: string;
  provider: string;
  providerName: string;
  host?: string;
  hostName?: string;
}

async function listed(args: string[]) {
  const run = await runCli(["models", ...args, "-f", "json"], TODAY);
  return { ...run, models: run.code === 0 ? (JSON.parse(run.stdout) as { models: Listing[] }).models : [] };
}

describe("makers sold only through hosts", () => {
  it("-p qwen lists the hosts' Qwen listings (Qwen has no API of its own in the list), not Alibaba's API", async () => {
    const run = await listed(["-p", "qwen"]);
    expect(run.stderr).toBe("");
    const ids = run.models.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["groq/qwen3-32b", "openrouter/qwen/qwen3-coder-plus"]));
    expect(ids).not.toContain("qwen-plus");
    expect(run.models.every((m) => m.provider === "qwen" && m.host !== undefined)).toBe(true);
  });

  it("-p amazon lists Bedrock's Nova; -p anthropic stays Anthropic's own API", async () => {
    const amazon = await listed(["-p", "amazon"]);
    expect(amazon.code).toBe(0);
    expect(amazon.models.map((m) => m.id)).toContain("bedrock/nova-pro");
    const anthropic = await listed(["-p", "anthropic"]);
    expect(anthropic.models.some((m) => m.id.includes("/"))).toBe(false);
  });

  it("estimate -p qwen prices them too", async () => {
    const run = await estimate(["-p", "qwen", "--output-tokens", "10"], "x");
    expect(run.code).toBe(0);
    expect(run.json?.results.length).toBeGreaterThan(5);
  });

  it("OpenRouter names one maker for Qwen's models: qwen, as every other host does", async () => {
    const run = await listed(["-p", "openrouter"]);
    const qwen = run.models.filter((m) => m.id.startsWith("openrouter/qwen/"));
    expect(qwen.length).toBeGreaterThan(10);
    expect(new Set(qwen.map((m) => m.provider))).toEqual(new Set(["qwen"]));
  });

  it("a host's listing of a maker with no file of its own shows display names", async () => {
    const nova = await runCli(["models", "bedrock/nova-pro"], TODAY);
    expect(nova.stdout).toMatch(/, Amazon via Amazon Bedrock/);
    const run = await runCli(["models", "groq/qwen3-32b"], TODAY);
    expect(run.stdout).toMatch(/, Qwen via Groq/);
    const llama = await runCli(["models", "llama-3.3-70b"], TODAY);
    expect(llama.stdout).toMatch(/, Meta Llama via Together AI/);
  });
});

describe("llmcost models says which tiers are not the host's own", () => {
  it("in the table and in JSON", async () => {
    const text = await runCli(["models", "azure/gpt-5.4-pro"], TODAY);
    expect(text.stdout).toMatch(/≈ the maker's, in proportion/);
    const json = await runCli(["models", "azure/gpt-5.4-pro", "-f", "json"], TODAY);
    const model = (JSON.parse(json.stdout) as { model: { prices: Record<string, unknown>[] } }).model;
    expect(model.prices[0]).toMatchObject({ tiersInferredFrom: "gpt-5.4-pro-2026-03-05" });
    const qwen = await runCli(["models", "qwen-plus", "-f", "json"], TODAY);
    const prices = (JSON.parse(qwen.stdout) as { model: { prices: Record<string, unknown>[] } }).model.prices;
    expect(prices.at(-1)).toMatchObject({ pricedUpTo: 131072 });
  });
});

describe("pricedUpTo in a pricing file", () => {
  const period = { ...bedrockPrice, tiers: [{ above: 1000, input: 2, output: 4 }] };
  const file = (prices: object[]) =>
    JSON.stringify({
      provider: "acme",
      name: "Acme",
      models: [
        {
          id: "acme-1",
          name: "Acme 1",
          kind: "chat",
          tokenizer: "o200k_base",
          contextWindow: 9000,
          maxOutputTokens: 100,
          prices,
        },
      ],
    });

  it("must be above the period's last tier", () => {
    expect(() => parseProviderFile(file([{ ...period, pricedUpTo: 1000 }]), "acme.json")).toThrow(
      /acme\.json: models\[0\]\.prices\[0\]\.pricedUpTo: must be above the last tier's threshold \(1000\)/,
    );
    expect(
      parseProviderFile(file([{ ...period, pricedUpTo: 4000 }]), "acme.json").models[0]?.prices[0]
        ?.pricedUpTo,
    ).toBe(4000);
  });

  it("on a host's entry, keeps the served model's tiers from being applied", async () => {
    const mine = userFile("flat.json", {
      host: "azure",
      name: "Azure OpenAI",
      models: [
        { id: "azure/flat-pro", model: "gpt-5.4-pro", prices: [{ ...bedrockPrice, pricedUpTo: 1050000 }] },
      ],
    });
    const run = await estimate(
      ["--pricing", mine, "-m", "azure/flat-pro", "--output-tokens", "0"],
      "word ".repeat(300_000),
    );
    expect(run.json?.results[0]?.longContext).toBe(false);
    expect(run.json?.notes.join("\n")).not.toMatch(/not recorded/);
  });
});

describe("shipped host entries and their makers' long-context tiers", () => {
  /** Entries that describe a tiered first-party model in full, reviewed: why no tier is inferred. */
  const REVIEWED: Record<string, string> = {
    "fireworks/minimax-m3":
      "open weights on Fireworks' own servers at its own per-token price; window 524,288",
    "together/minimax-m3":
      "open weights on Together's own servers at its own per-token price; window 524,288",
  };

  it("an entry for a model whose maker bills long prompts dearer names it with `model` (so tiers follow), or is reviewed", () => {
    const files = readdirSync("pricing").filter((file) => file.endsWith(".json") && file !== "schema.json");
    const catalog = buildCatalog(
      files.map((file) => parseProviderFile(readFileSync(join("pricing", file), "utf8"), `pricing/${file}`)),
      () => true,
    );
    const unlinked: string[] = [];
    for (const model of catalog.models) {
      if (model.host === undefined || model.hostListing === undefined || model.hostListing.model) continue;
      const tail = model.id.slice(model.id.indexOf("/") + 1);
      const maker = catalog.byName.get(tail) ?? catalog.byName.get(tail.slice(tail.indexOf("/") + 1));
      if (!maker || maker.hostListing || !maker.prices.some((p) => p.tiers?.length)) continue;
      if (model.prices.every((p) => p.tiers || p.pricedUpTo !== undefined)) continue;
      if (!REVIEWED[model.id]) unlinked.push(`${model.id} (${maker.id})`);
    }
    expect(unlinked).toEqual([]);
  });
});
