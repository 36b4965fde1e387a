import { describe, expect, it } from "vitest";
import { parseCheckConfig } from "../../src/core/check-config.js";

const parse = (config: unknown) => parseCheckConfig(JSON.stringify(config), "llmcost.config.json");

describe("llmcost.config.json", () => {
  it("reads rules with exact limits and defaults", () => {
    const config = parse({
      models: ["gpt-4o"],
      outputRatio: 0.5,
      rules: [
        { name: "p", paths: ["prompts/**"], maxCost: 0.1, maxCostPerFile: "0.000001", maxContextShare: 0.5 },
        { paths: ["a.md", "b.md"], maxMonthlyCost: 300, requests: 1000, per: "day", allowEmpty: true },
      ],
    });
    expect(config.outputRatio).toBe("0.5");
    expect(config.rules[0]?.limits).toMatchObject({
      maxCost: 100_000_000_000n,
      maxCostPerFile: 1_000_000n,
      maxContextShare: 500_000n,
    });
    expect(config.rules[1]).toMatchObject({
      name: "a.md, b.md",
      rate: { requests: 1000, per: "day" },
      allowEmpty: true,
    });
  });

  it.each([
    ["{", /llmcost\.config\.json: 1:2: invalid JSON/],
    ['{"rules":[],"rules":[]}', /\(root\)|rules: key given twice/],
    [
      JSON.stringify({ rules: [{ paths: ["x"], maxCost: 1, maxCots: 2 }] }),
      /rules\[0\]\.maxCots: unknown key/,
    ],
    [JSON.stringify({ rules: [{ paths: ["x"] }] }), /rules\[0\]: a rule needs a limit/],
    [JSON.stringify({ rules: [{ paths: [], maxCost: 1 }] }), /rules\[0\]\.paths: expected a list of globs/],
    [JSON.stringify({ rules: [{ paths: ["x"], maxCost: -1 }] }), /rules\[0\]\.maxCost: expected a decimal/],
    [
      JSON.stringify({ rules: [{ paths: ["x"], maxCost: "0x10" }] }),
      /rules\[0\]\.maxCost: expected a decimal/,
    ],
    [
      JSON.stringify({ rules: [{ paths: ["x"], maxTokens: 1.5 }] }),
      /rules\[0\]\.maxTokens: expected a whole number/,
    ],
    [
      JSON.stringify({ rules: [{ paths: ["x"], maxMonthlyCost: 5 }] }),
      /rules\[0\]\.maxMonthlyCost: needs a request rate/,
    ],
    [
      JSON.stringify({ rules: [{ paths: ["x"], maxContextShare: 2 }] }),
      /maxContextShare: expected a share from 0 to 1/,
    ],
    [
      JSON.stringify({
        rules: [
          { name: "a", paths: ["x"], maxCost: 1 },
          { name: "a", paths: ["y"], maxCost: 1 },
        ],
      }),
      /rules\[1\]\.name: "a" names two rules/,
    ],
    [
      '{"rules":[{"paths":["x"],"maxCost":1,"constructor":{}}],"__proto__":{"polluted":1}}',
      /__proto__.*unknown key/,
    ],
  ])("rejects %s", (text, message) => {
    expect(() => parseCheckConfig(text, "llmcost.config.json")).toThrow(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("the config's JSON Schema", () => {
  it("accepts what the parser accepts and rejects what it rejects, on examples", async () => {
    const { default: Ajv2020 } = await import("ajv/dist/2020.js");
    const { readFileSync } = await import("node:fs");
    const schema = JSON.parse(
      readFileSync(new URL("../../schema/llmcost.config.schema.json", import.meta.url), "utf8"),
    );
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    const good = {
      $schema: "./node_modules/llmcost/schema/llmcost.config.schema.json",
      models: ["gpt-4o"],
      outputTokens: 500,
      rules: [
        { name: "prompts", paths: ["prompts/**/*.md"], maxCost: 0.5, maxTokens: 20000, maxContextShare: 0.5 },
        { paths: ["evals/*.jsonl"], maxMonthlyCost: "300", requests: 1000, per: "day", allowEmpty: true },
      ],
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(() => parse(good)).not.toThrow();
    for (const bad of [
      { rules: [] },
      { rules: [{ paths: ["x"] }] },
      { rules: [{ paths: ["x"], maxCost: 1, maxCots: 1 }] },
      { rules: [{ paths: ["x"], maxMonthlyCost: 1 }] },
      { rules: [{ paths: ["x"], maxCost: "0x10" }] },
    ]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
      expect(() => parse(bad)).toThrow();
    }
  });
});
