import type { NetworkOptions } from "../../src/io/count-client.js";
import { buildCatalog } from "../../src/pricing/catalog.js";
import type { Catalog } from "../../src/pricing/types.js";
import { parseProviderFile } from "../../src/pricing/validate.js";
import type { Tokenizer } from "../../src/tokenizers/types.js";
import { runInProcess } from "../run-in-process.js";

/** A small catalogue written for tests: prices chosen so results are easy to check by hand. */
export function testCatalog(): Catalog {
  const period = (input: number, output: number) => ({
    from: "2024-01-01",
    input,
    output,
    source: "https://example.com/pricing",
    checked: "2024-01-01",
  });
  const model = (id: string, tokenizer: string, input: number, output: number, extra: object = {}) => ({
    id,
    name: id.toUpperCase(),
    kind: "chat",
    tokenizer,
    contextWindow: 100,
    maxOutputTokens: 50,
    prices: [period(input, output)],
    ...extra,
  });
  const acme = {
    provider: "acme",
    name: "Acme",
    models: [
      model("acme-large-2024", "words", 10, 30, { aliases: ["acme-large"] }),
      model("acme-small", "words", 0.15, 0.6),
      model("acme-embed", "words", 0.02, 0, { kind: "embedding", maxOutputTokens: 0 }),
    ],
  };
  const bard = { provider: "bard", name: "Bard", models: [model("bard-verse", "guess", 3, 15)] };
  return buildCatalog(
    [
      parseProviderFile(JSON.stringify(acme), "acme.json"),
      parseProviderFile(JSON.stringify(bard), "bard.json"),
    ],
    (id) => id === "words" || id === "guess",
  );
}

/** Counts space-separated words, and records every text it was asked to count. */
export function wordTokenizer(id = "words", exact = true): Tokenizer & { calls: string[] } {
  const calls: string[] = [];
  return {
    id,
    exact,
    countedWith: "words",
    calls,
    count(text) {
      calls.push(text);
      return text === "" ? 0 : text.split(" ").length;
    },
  };
}

/** Runs the CLI in-process through run(io), with `input` on a piped stdin; returns its exit code and output. */
export async function runCli(
  argv: string[],
  options: { input?: string; env?: Record<string, string>; net?: NetworkOptions } = {},
) {
  // Loaded here, so that the tests of pure functions that share these helpers do not load the CLI.
  const { run } = await import("../../src/cli/run.js");
  return runInProcess(run, argv, {
    input: options.input ?? "",
    env: { LLMCOST_TODAY: "2026-11-27", ...options.env },
    extra: options.net ? { net: options.net } : {},
  });
}
