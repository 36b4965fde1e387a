import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { parse } from "yaml";
import { ROOT } from "./cli.js";
import { llmcost } from "./in-process.js";

/**
 * The third-party price lists kept in ../shared/pricing-sources (references, not the catalogue: see its
 * README), read for `pricing check --against`. Shared by the reviewed-difference tests of each group of files.
 */
export const SOURCES = join(ROOT, "..", "shared", "pricing-sources");
export const present = existsSync(join(SOURCES, "genai-prices", "providers"));

interface Difference {
  model: string;
  field: string;
  ours: number;
  theirs: number;
}

/** genai-prices' YAML as llmcost pricing files: the ids and exact names each model matches, its dated prices. */
/**
 * `idPrefix` names a host's entries as llmcost does (`bedrock/`): genai-prices ids are bare model names,
 * while its `match` names (the host's own ids) stay as they are, since they are llmcost's aliases too.
 */
export function genaiAsLlmcost(provider: string, file: string, idPrefix = "") {
  const data = parse(readFileSync(join(SOURCES, "genai-prices", "providers", file), "utf8")) as {
    models: { id: string; match?: unknown; prices: unknown }[];
  };
  const names = (match: unknown): string[] => {
    if (typeof match !== "object" || match === null) return [];
    const m = match as Record<string, unknown>;
    const own = typeof m.equals === "string" ? [m.equals] : [];
    const nested = Array.isArray(m.or) ? m.or.flatMap(names) : [];
    return [...own, ...nested];
  };
  const base = (value: unknown) =>
    typeof value === "number" ? value : (value as { base?: number } | undefined)?.base;
  const models = data.models.flatMap((model) => {
    const periods = (Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }]) as {
      prices: Record<string, unknown>;
      constraint?: { start_date?: string };
    }[];
    const dated = periods
      .map((p) => ({
        from: p.constraint?.start_date ?? "2020-01-01",
        input: base(p.prices.input_mtok),
        output: base(p.prices.output_mtok),
        cachedInput: base(p.prices.cache_read_mtok),
      }))
      .filter((p) => p.input !== undefined && p.output !== undefined)
      .sort((a, b) => a.from.localeCompare(b.from));
    if (dated.length === 0 || new Set(dated.map((p) => p.from)).size !== dated.length) return [];
    const aliases = [...new Set(names(model.match).map((n) => n.toLowerCase()))].filter(
      (n) => n !== model.id.toLowerCase() && /^[a-z0-9][a-z0-9._:/-]*$/.test(n),
    );
    return [
      {
        id: `${idPrefix}${model.id.toLowerCase()}`,
        aliases,
        name: model.id,
        kind: "chat",
        tokenizer: "o200k_base",
        contextWindow: 100_000_000,
        maxOutputTokens: 0,
        prices: dated.map((p, i) => ({
          from: p.from,
          ...(dated[i + 1] ? { to: dated[i + 1]?.from } : {}),
          input: p.input,
          output: p.output,
          ...(p.cachedInput !== undefined && p.cachedInput <= (p.input as number)
            ? { cachedInput: p.cachedInput }
            : {}),
          source: "https://github.com/pydantic/genai-prices",
          checked: "2026-08-21",
        })),
      },
    ];
  });
  return { provider: `genai-${provider}`, name: `genai-prices ${provider}`, models };
}

/** Runs pricing check against a list and returns its differences as `model field ours→theirs` keys. */
export async function differences(
  against: string,
  date: string,
): Promise<{ compared: number; keys: string[] }> {
  const run = await llmcost([
    "pricing",
    "check",
    "--against",
    against,
    "--as-of",
    date,
    "--threshold",
    "0",
    "-f",
    "json",
  ]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as { compared: number; differences: Difference[] };
  const keys = report.differences.map((d) => `${d.model} ${d.field} ${d.ours}→${d.theirs}`).sort();
  return { compared: report.compared, keys };
}
