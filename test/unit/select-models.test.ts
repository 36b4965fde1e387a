import { describe, expect, it } from "vitest";
import { selectModels } from "../../src/core/select-models.js";
import { editDistance, suggest } from "../../src/core/suggest.js";
import { LlmcostError } from "../../src/errors.js";
import { testCatalog } from "./helpers.js";

const catalog = testCatalog();
const ids = (selection: Parameters<typeof selectModels>[1], defaults = ["acme-small"]) =>
  selectModels(catalog, selection, defaults, "2026-11-27").map((model) => model.id);

describe("selectModels", () => {
  it("uses the defaults when nothing is named", () => expect(ids({})).toEqual(["acme-small"]));
  it("resolves aliases and ignores case", () =>
    expect(ids({ models: ["ACME-Large"] })).toEqual(["acme-large-2024"]));
  it("keeps order and drops repeats", () =>
    expect(ids({ models: ["bard-verse", "acme-large", "acme-large-2024"] })).toEqual([
      "bard-verse",
      "acme-large-2024",
    ]));
  it("adds a provider's models to named ones", () =>
    expect(ids({ models: ["bard-verse"], providers: ["acme"] })).toEqual([
      "bard-verse",
      "acme-large-2024",
      "acme-small",
      "acme-embed",
    ]));
  it("--all takes everything", () => expect(ids({ all: true })).toHaveLength(4));

  it.each([
    ["acme-smal", "unknown model (did you mean acme-small?)"],
    ["large", "unknown model (did you mean acme-large?)"],
    ["constructor", "unknown model"],
    ["__proto__", "unknown model"],
    ["toString", "unknown model"],
  ])("%s is a usage error: %s", (name, reason) => {
    try {
      ids({ models: [name] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LlmcostError);
      expect((error as LlmcostError).kind).toBe("usage");
      expect((error as LlmcostError).subject).toBe(`models ${name}`);
      expect((error as LlmcostError).reason).toContain(reason);
    }
  });

  it("an unknown provider is a usage error listing the known ones", () => {
    expect(() => ids({ providers: ["acm"] })).toThrow(
      "unknown provider (did you mean acme?); known: acme, bard",
    );
  });
});

describe("suggest", () => {
  it("measures edits", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
  it("finds typos and shorthands, and nothing for nonsense", () => {
    expect(suggest("gpt4o", ["gpt-4o", "gpt-4", "o1"])).toBe("gpt-4o");
    expect(suggest("sonnet", ["claude-3-5-sonnet", "claude-3-opus"])).toBe("claude-3-5-sonnet");
    expect(suggest("zzzzzzzz", ["gpt-4o"])).toBeUndefined();
  });
});
