import { describe, expect, it } from "vitest";
import { estimate, loadCatalog } from "../../src/api.js";
import { dayBefore, standingOn, withoutAnnouncedPrices } from "../../src/core/lifecycle.js";
import { inFamily, unknownModelHint } from "../../src/core/model-hints.js";
import { findModel, lookupModel } from "../../src/core/select-models.js";
import { LlmcostError } from "../../src/errors.js";
import { buildCatalog } from "../../src/pricing/catalog.js";
import { parseProviderFile } from "../../src/pricing/validate.js";

const catalog = await loadCatalog();

/** The id a name resolves to on a date, or the error's reason. */
function resolve(name: string, date: string): string {
  try {
    return findModel(catalog, name, date).id;
  } catch (error) {
    if (error instanceof LlmcostError) return `error: ${error.reason}`;
    throw error;
  }
}

describe("family names and provider aliases mean what they meant on the date", () => {
  // Each switch is checked on the day before and the day itself (from is inclusive, to exclusive).
  it.each([
    ["gpt-4-turbo", "2023-11-06", "gpt-4-1106-preview"],
    ["gpt-4-turbo", "2024-01-24", "gpt-4-1106-preview"],
    ["gpt-4-turbo", "2024-01-25", "gpt-4-0125-preview"],
    ["gpt-4-turbo", "2024-02-26", "gpt-4-0125-preview"],
    ["gpt-4-turbo", "2024-04-08", "gpt-4-0125-preview"],
    ["gpt-4-turbo", "2024-04-09", "gpt-4-turbo-2024-04-09"],
    ["gpt-4-turbo", "2026-12-06", "gpt-4-turbo-2024-04-09"],
    ["gpt-4", "2023-06-26", "gpt-4-0314"],
    ["gpt-4", "2023-06-27", "gpt-4-0613"],
    ["gpt-3.5-turbo", "2024-02-15", "gpt-3.5-turbo-0613"],
    ["gpt-3.5-turbo", "2024-02-16", "gpt-3.5-turbo-0125"],
    ["gpt-4o", "2024-10-01", "gpt-4o-2024-05-13"],
    ["gpt-4o", "2024-10-02", "gpt-4o-2024-08-06"],
    ["mistral-large", "2024-03-01", "mistral-large-2402"],
    ["mistral-large", "2024-07-23", "mistral-large-2402"],
    ["mistral-large", "2024-07-24", "mistral-large-2407"],
    ["mistral-large", "2024-11-18", "mistral-large-2411"],
    ["mistral-large", "2025-12-01", "mistral-large-2411"],
    ["mistral-large", "2025-12-02", "mistral-large-2512"],
    ["mistral-medium", "2024-03-01", "mistral-medium-2312"],
    ["mistral-small", "2024-03-01", "mistral-small-2402"],
    ["mistral-small", "2024-09-17", "mistral-small-2409"],
    ["mistral-small", "2025-02-01", "mistral-small-2501"],
    ["mistral-small", "2025-04-01", "mistral-small-2503"],
    ["mistral-small-latest", "2025-06-23", "mistral-small-2506"],
    ["codestral", "2024-06-01", "codestral-2405"],
    ["ministral-8b-latest", "2025-12-01", "ministral-8b-2410"],
    ["ministral-8b-latest", "2025-12-02", "ministral-8b-2512"],
    ["codestral", "2025-07-29", "codestral-2501"],
    ["codestral", "2025-07-30", "codestral-2508"],
    ["claude-3-5-sonnet", "2024-10-21", "claude-3-5-sonnet-20240620"],
    ["claude-3-5-sonnet", "2024-10-22", "claude-3-5-sonnet-20241022"],
    ["claude-3-opus", "2024-06-01", "claude-3-opus-20240229"],
    ["command-r", "2024-06-01", "command-r-03-2024"],
    ["gemini-1.5-pro", "2024-06-01", "gemini-1.5-pro"],
    ["mistral-medium-3-5", "2026-06-01", "mistral-medium-3.5"],
    ["GPT-4-Turbo", "2024-02-26", "gpt-4-0125-preview"],
  ])("%s on %s is %s", (name, date, id) => {
    expect(resolve(name, date)).toBe(id);
  });

  it("a date the record has no target for is an error naming the periods it knows", () => {
    // Mistral's docs gave mistral-medium-latest no target from 2024-11-25 to 2025-05-07.
    const reason = resolve("mistral-medium-latest", "2025-01-01");
    expect(reason).toMatch(
      /^error: the price list does not record which model "mistral-medium-latest" named on 2025-01-01/,
    );
    expect(reason).toContain("mistral-medium-2312 from 2024-02-26 until 2024-11-25");
    expect(lookupModel(catalog, "mistral-medium-latest", "2025-01-01")).toBeUndefined();
  });

  it("every dated alias of the shipped list cites a source and the date it was seen", () => {
    for (const [name, periods] of catalog.byDatedAlias)
      for (const period of periods) {
        expect(period.source, `${name} → ${period.model.id}`).toMatch(/^https:\/\//);
        expect(period.checked, `${name} → ${period.model.id}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
  });

  it("every retirement and deprecation of the shipped list cites its source; successors exist", () => {
    for (const model of catalog.models) {
      if (model.retired === undefined && model.deprecated === undefined) continue;
      expect(model.lifecycle?.source, model.id).toMatch(/^https:\/\//);
      if (model.successor)
        expect(lookupModel(catalog, model.successor, "2026-12-06"), model.id).toBeDefined();
    }
  });
});

describe("standing on a date", () => {
  const gpt4turbo = findModel(catalog, "gpt-4-turbo-2024-04-09", "2026-12-06");
  it("is not launched before the first price, on sale until retirement, retired from that day", () => {
    expect(standingOn(gpt4turbo, "2024-04-08").kind).toBe("not-launched");
    const onSale = standingOn(gpt4turbo, "2026-10-22");
    expect(onSale).toMatchObject({ kind: "on-sale", retires: "2026-10-23" });
    const retired = standingOn(gpt4turbo, "2026-10-23");
    expect(retired).toMatchObject({ kind: "retired", retired: "2026-10-23" });
    if (retired.kind === "retired") expect(retired.period.input).toBe(10_000_000n);
  });
  it("an announced retirement is told only from its deprecation date", () => {
    const large = findModel(catalog, "mistral-large-2402", "2026-12-06");
    expect(standingOn(large, "2024-03-01")).not.toHaveProperty("retires");
    expect(standingOn(large, "2024-11-30")).toMatchObject({ retires: "2025-06-16" });
  });
  it("dayBefore crosses months, years and leap days", () => {
    expect(dayBefore("2024-03-01")).toBe("2024-02-29");
    expect(dayBefore("2027-01-01")).toBe("2026-12-31");
  });
});

describe("the library prices a retired model it is asked for, flagged, never an error", () => {
  it("gpt-4-turbo today: its last price, retired and successor set", async () => {
    const result = await estimate("TechCrunch", { models: ["gpt-4-turbo"], date: "2026-12-06" });
    const [row] = result.results;
    expect(row).toMatchObject({
      model: "gpt-4-turbo-2024-04-09",
      retired: "2026-10-23",
      successor: "gpt-5.6-sol",
      inputTokens: 3,
      inputPrice: 10_000_000n,
    });
    expect(result.unavailable).toEqual([]);
  });
  it("a successor that has retired too points on to the first model on sale along the chain", async () => {
    const [row] = (await estimate("x", { models: ["gemini-1.5-pro"], date: "2026-12-06" })).results;
    expect(row).toMatchObject({ successor: "gemini-2.0-flash", successorOnSale: "gemini-3.5-flash" });
    const [direct] = (await estimate("x", { models: ["gpt-4-turbo"], date: "2026-12-06" })).results;
    expect(direct?.successorOnSale).toBeUndefined();
  });
  it("but --all and --provider leave it out as not on sale", async () => {
    const result = await estimate("x", { providers: ["openai"], date: "2026-12-06" });
    expect(result.results.map((r) => r.model)).not.toContain("gpt-4-turbo-2024-04-09");
    expect(result.unavailable.map((u) => u.model)).toContain("gpt-4-turbo-2024-04-09");
  });
  it("a date before launch is a usage error", async () => {
    await expect(estimate("x", { models: ["gpt-4o-2024-08-06"], date: "2024-03-01" })).rejects.toThrow(
      /was not on sale on 2024-03-01: first priced on 2024-08-06/,
    );
  });
});

describe("announced future prices", () => {
  it("a recorded announcement prices a future date; the day before keeps today's price", async () => {
    const on = async (date: string) =>
      (await estimate("x", { models: ["gemini-3.6-flash"], date })).results[0]?.inputPrice;
    expect(await on("2026-12-31")).toBe(750_000n);
    expect(await on("2027-01-01")).toBe(1_500_000n);
  });
  it("models without a recorded announcement are the ones a future date warns about", () => {
    const flash = findModel(catalog, "gemini-3.6-flash", "2026-12-06");
    const sol = findModel(catalog, "gpt-6-sol", "2026-12-06");
    expect(withoutAnnouncedPrices([flash, sol], "2026-12-06").map((m) => m.id)).toEqual(["gpt-6-sol"]);
  });
});

describe("hints for an unknown name offer only models on sale on the date", () => {
  it("a family prefix lists its members on sale", () => {
    const hint = unknownModelHint(catalog, "gemini-flash", "2026-12-06");
    expect(hint).toContain('models on sale on 2026-12-06 that match "gemini-flash"');
    expect(hint).toContain("gemini-3.8-flash");
    expect(hint).not.toContain("gemini-1.5-flash");
    expect(unknownModelHint(catalog, "llama3", "2026-12-06")).toContain("llama-3.3-70b");
  });
  it("a provider's name points to -p", () => {
    expect(unknownModelHint(catalog, "mistral", "2026-12-06")).toMatch(
      /^"mistral" is a provider, not a model: -p mistral/,
    );
  });
  it("a typo is matched against names on sale only", () => {
    expect(unknownModelHint(catalog, "gpt-4o-mni", "2026-12-06")).toBe(
      "unknown model (did you mean gpt-4o-mini?)",
    );
    // On 2026-12-06 gemini-1.5-flash is retired: the closest name on sale is offered instead.
    expect(unknownModelHint(catalog, "gemini-1.5-flsh", "2026-12-06")).not.toContain("gemini-1.5-flash");
    expect(unknownModelHint(catalog, "gemini-1.5-flsh", "2025-01-01")).toContain("gemini-1.5-flash");
  });
  it("family matching needs whole words in order, or a prefix of the compact name", () => {
    const model = findModel(catalog, "gemini-3.6-flash", "2026-12-06");
    expect(inFamily("gemini-flash", model)).toBe(true);
    expect(inFamily("flash-gemini", model)).toBe(false);
    expect(inFamily("gem", model)).toBe(false);
  });
});

describe("the pricing file's alias and lifecycle fields", () => {
  const file = (model: object) =>
    JSON.stringify({
      provider: "acme",
      name: "Acme",
      models: [
        {
          id: "acme-1",
          name: "A",
          kind: "chat",
          tokenizer: "t",
          contextWindow: 10,
          maxOutputTokens: 5,
          prices: [
            { from: "2024-01-01", input: 1, output: 1, source: "https://a.example", checked: "2024-01-01" },
          ],
          ...model,
        },
      ],
    });
  const parse = (model: object) => parseProviderFile(file(model), "acme.json", { today: "2026-12-06" });
  it("a dated alias's source and checked come in pairs, checked never after today", () => {
    expect(() =>
      parse({ aliases: [{ name: "a", from: "2024-01-01", source: "https://x.example" }] }),
    ).toThrow(/aliases\[0\]\.checked: source and checked come in pairs/);
    expect(() =>
      parse({
        aliases: [{ name: "a", from: "2024-01-01", source: "https://x.example", checked: "2027-01-01" }],
      }),
    ).toThrow(/is after today/);
  });
  it("a successor must be a model of the price list", () => {
    const parsed = parse({ retired: "2025-01-01", successor: "acme-2" });
    expect(() => buildCatalog([parsed], () => true)).toThrow(
      /successor: "acme-2" is not a model in the price list/,
    );
  });
});
