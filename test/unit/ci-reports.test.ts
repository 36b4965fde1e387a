import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { githubReporting } from "../../src/cli/github.js";
import { budgetReport } from "../../src/core/budget.js";
import { compareCost, compareResults } from "../../src/core/cost-comparison.js";
import { diffSides, sideOf } from "../../src/core/diff.js";
import { buildCheckReport, type RuleOutcome } from "../../src/core/reports/check.js";
import type { DiffReport } from "../../src/core/reports/diff.js";
import {
  budgetErrorLine,
  escapeData,
  escapeProperty,
  workflowCommand,
} from "../../src/render/annotations.js";
import { renderCheckMarkdown } from "../../src/render/check.js";
import { comparisonJson, comparisonText } from "../../src/render/cost-comparison.js";
import { renderDiff } from "../../src/render/diff.js";
import { renderEstimateMarkdown } from "../../src/render/estimate-markdown.js";
import { mdCode, mdTable, mdText } from "../../src/render/markdown.js";
import { estimateOf } from "./estimate-fixture.js";

/** Undoes GitHub's escaping (what the runner does when it reads a command). */
const readCommandValue = (text: string) =>
  text.replace(/%(25|0D|0A|3A|2C)/g, (_, code: string) => String.fromCharCode(Number.parseInt(code, 16)));

describe("workflow command escaping", () => {
  it("escapes %, CR and LF in data; also : and , in properties", () => {
    expect(escapeData("50% done\r\nnext: a,b")).toBe("50%25 done%0D%0Anext: a,b");
    expect(escapeProperty("C:\\dir,x\n%")).toBe("C%3A\\dir%2Cx%0A%25");
    expect(workflowCommand("error", { file: "a,b:c.md", title: "llmcost budget" }, "over\nbudget")).toBe(
      "::error file=a%2Cb%3Ac.md,title=llmcost budget::over%0Abudget",
    );
    expect(budgetErrorLine({ message: "gpt-4o: cost $1 is over --max-cost $0.50" })).toBe(
      "::error title=llmcost budget::gpt-4o: cost $1 is over --max-cost $0.50",
    );
  });

  it("property: escaped data has no raw newline and no unescaped %, and reads back as it was", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const data = escapeData(text);
        expect(data).not.toMatch(/[\r\n]/);
        expect(data.replace(/%(25|0D|0A)/g, "")).not.toContain("%");
        expect(readCommandValue(data)).toBe(text);
        const property = escapeProperty(text);
        expect(property).not.toMatch(/[\r\n:,]/);
        expect(property.replace(/%(25|0D|0A|3A|2C)/g, "")).not.toContain("%");
        expect(readCommandValue(property)).toBe(text);
      }),
    );
  });

  it("property: a command is one line whatever its file and message", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (file, message) => {
        const line = budgetErrorLine({ file, message });
        expect(line).not.toMatch(/[\r\n]/);
        expect(line.startsWith(file === "" ? "::error title=" : "::error file=")).toBe(true);
      }),
    );
  });

  it("is on with GITHUB_ACTIONS=true or --annotations github, off with --annotations none", () => {
    expect(githubReporting(undefined, { GITHUB_ACTIONS: "true" })).toBe(true);
    expect(githubReporting(undefined, {})).toBe(false);
    expect(githubReporting("github", {})).toBe(true);
    expect(githubReporting("none", { GITHUB_ACTIONS: "true" })).toBe(false);
  });
});

describe("--compare-to arithmetic", () => {
  it("reads the seed comparison: $8/$24 against $10/$30 with equal counts", () => {
    // mistral-large-2402 and gpt-4-turbo on 2024-04-09, two input tokens each: 16 and 20 micro-dollars.
    const c = compareCost("mistral-large-2402", 16_000_000n, "gpt-4-turbo-2024-04-09", 20_000_000n);
    expect(c).toMatchObject({ ratio: 12_500n, percentCheaper: 2_000n, isReference: false });
    expect(comparisonText(c, "gpt-4-turbo")).toBe("20% cheaper");
    expect(comparisonJson(c)).toEqual({
      model: "gpt-4-turbo-2024-04-09",
      ratio: 1.25,
      percentCheaper: 20,
      timesReference: 0.8,
      exact: true,
    });
  });

  it("says more expensive, reference, same cost, and the $0 cases; ≈ for an estimate", () => {
    expect(comparisonText(compareCost("a", 125n, "r", 100n), "r")).toBe("1.25× r");
    // The case: 1566.7% more expensive is 16.7 times the reference.
    expect(comparisonText(compareCost("a", 16_667n, "r", 1_000n), "r")).toBe("16.7× r");
    expect(comparisonText(compareCost("r", 100n, "r", 100n), "r")).toBe("reference");
    expect(comparisonText(compareCost("a", 100n, "r", 100n), "r")).toBe("same cost");
    expect(comparisonText(compareCost("a", 0n, "r", 100n), "r")).toBe("100% cheaper");
    expect(comparisonText(compareCost("a", 5n, "r", 0n), "r")).toBe("more expensive (r costs $0.00)");
    expect(comparisonText(compareCost("a", 0n, "r", 0n), "r")).toBe("same cost");
    expect(comparisonText(compareCost("a", 2n, "r", 3n), "r")).toBe("33.3% cheaper");
    expect(comparisonText(compareCost("a", 999_999n, "r", 1_000_000n), "r")).toBe("<0.1% cheaper");
    expect(comparisonText(compareCost("a", 10_000_001n, "r", 10_000_000n), "r")).toBe(">1× r");
    expect(comparisonText(compareCost("a", 1n, "r", 3n, false), "r")).toBe("≈66.7% cheaper");
    expect(comparisonText(compareCost("a", 3n, "r", 1n, false), "r")).toBe("≈3× r");
    expect(comparisonJson(compareCost("a", 16_667n, "r", 1_000n)).timesReference).toBe(16.667);
    expect(comparisonJson(compareCost("a", 5n, "r", 0n)).timesReference).toBeNull();
  });

  it("property: exact, in integers — the sign of percentCheaper follows the costs, the ratio rounds ref ÷ cost", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 10n ** 18n }),
        (cost, ref) => {
          const c = compareCost("a", cost, "r", ref);
          const percent = c.percentCheaper as bigint;
          if (cost < ref) expect(percent >= 0n).toBe(true);
          if (cost > ref) expect(percent <= 0n).toBe(true);
          // |percent − exact| ≤ ½ hundredth: compare 2·percent·ref with 2·(ref − cost)·10⁴ within ref.
          const error = 2n * percent * ref - 2n * (ref - cost) * 10_000n;
          expect(error <= ref && error >= -ref).toBe(true);
          const ratio = c.ratio as bigint;
          const ratioError = 2n * ratio * cost - 2n * ref * 10_000n;
          expect(ratioError <= cost && ratioError > -cost).toBe(true);
        },
      ),
    );
  });

  it("compares each result with the reference in the same list", () => {
    const estimate = estimateOf({ "a.txt": "one two three" });
    const compared = compareResults(estimate.results, "acme-large-2024");
    expect(compared.get("acme-large-2024")?.isReference).toBe(true);
    expect(compared.get("acme-small")?.percentCheaper).toBeGreaterThan(0n);
    expect(compared.get("bard-verse")?.exact).toBe(false);
    expect(compareResults(estimate.results, "not-there").size).toBe(0);
  });
});

describe("markdown", () => {
  it("escapes text and names so no cell breaks its table or turns into markup", () => {
    expect(mdText("a|b *c* _d_ `e` <f> $1 [g](h) ~i~ #1 &amp;")).toBe(
      "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<f\\> \\$1 \\[g\\](h) \\~i\\~ \\#1 \\&amp;",
    );
    expect(mdText("line\nbreak")).toBe("line\\\\u000abreak");
    expect(mdCode("prompts/a|b.md")).toBe("`prompts/a\\|b.md`");
    expect(mdCode("prompts/a|b.md", false)).toBe("`prompts/a|b.md`");
    expect(mdCode("it's `quoted`")).toBe("`` it's `quoted` ``");
    expect(mdCode("a``b")).toBe("```a``b```");
    expect(mdTable(["A", "B"], ["left", "right"], [["1", "2"]])).toBe("| A | B |\n| --- | ---: |\n| 1 | 2 |");
  });

  it("property: a name in a cell never adds a cell or a line", () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const cell = mdCode(name);
        expect(cell).not.toMatch(/[\r\n]/);
        // Every | is escaped (GFM splits cells only at unescaped pipes).
        expect(cell.replace(/\\\|/g, "")).not.toContain("|");
      }),
    );
  });

  it("renders an estimate with limits and a verdict, the same bytes every time", () => {
    const estimate = estimateOf({ "prompts/a|b.md": "one two three", "c.md": "four" });
    const budget = budgetReport(estimate, { maxCost: 1n, maxTokens: 1000 });
    const options = { perFile: true, budget, compareTo: { name: "acme-large", model: "acme-large-2024" } };
    const text = renderEstimateMarkdown(estimate, options);
    expect(renderEstimateMarkdown(estimate, options)).toBe(text);
    expect(text.startsWith("### llmcost estimate\n\n#### `prompts/a|b.md`\n\n| Model | Provider |")).toBe(
      true,
    );
    expect(text).toContain("| Cost vs acme-large |");
    expect(text).toMatch(
      /^\| `acme-large-2024` \| acme \| words \| 3 \| 10 \| \\\$10\.00\/\\\$30\.00 \| .* \| reference \|$/m,
    );
    expect(text).toContain(
      "**❌ Over budget:** 3 limits exceeded (--max-cost \\$0.000000000001, --max-tokens 1,000)",
    );
    expect(text).not.toContain("\u001b[");
    expect(text.endsWith("\n")).toBe(true);
    const within = renderEstimateMarkdown(estimate, {
      budget: budgetReport(estimate, { maxCost: 10n ** 12n }),
    });
    expect(within).toContain("**✅ Within budget** (--max-cost \\$1.00)");
  });

  it("renders check: a row per rule and model with its limits, then the verdict and failures", () => {
    const estimate = estimateOf({ "p.md": "one two" });
    const limits = { maxTokens: 12 };
    const outcomes: RuleOutcome[] = [
      {
        name: "prompts | all",
        paths: ["*.md"],
        files: 1,
        allowEmpty: false,
        limits,
        estimate,
        budget: budgetReport(estimate, limits),
        passed: true,
      },
      {
        name: "evals",
        paths: ["e/*"],
        files: 0,
        allowEmpty: false,
        limits: { maxCost: 1n },
        passed: false,
        reason: "no files match e/*",
      },
    ];
    const text = renderCheckMarkdown(buildCheckReport("llmcost.config.json", "2025-01-01", outcomes));
    // The figure sums input and output tokens: its column says so (estimate and diff say "In tokens").
    expect(text).toContain("| Rule | Files | Model | In + out tokens | Cost | Limits | Result |");
    expect(text).toContain(
      "| `prompts \\| all` | 1 | `acme-large-2024` | 12 | \\$0.00032 | maxTokens 12 | ✅ |",
    );
    expect(text).toContain(
      "| `evals` | 0 | – | – | – | maxCost \\$0.000000000001 | ❌ no files match e/\\* |",
    );
    expect(text).toContain("**❌ 1 of 2 rules fails**\n\n- `evals`: no files match e/\\*\n");
  });

  it("renders diff with ↑/↓, escaped file names, and the verdict", () => {
    const before = sideOf(estimateOf({ "a|b.md": "one two", "gone.md": "x y z" }));
    const after = sideOf(estimateOf({ "a|b.md": "one two three four" }));
    const report: DiffReport = {
      diff: diffSides(before, after),
      base: { label: "main", ref: "main", commit: "0123456789abcdef" },
      head: { label: "working tree" },
      date: "2025-01-01",
      output: { kind: "none" },
      billing: { batch: false, cachedRatio: "0" },
      pricesChecked: null,
      unavailable: [],
      notes: [],
      perFile: true,
      failOnIncrease: { limit: "10", failed: [] },
    };
    const text = renderDiff(report, "markdown");
    expect(text.split("\n")[0]).toBe("### llmcost diff: `main` (`0123456789ab`) → `working tree`");
    expect(text).toMatch(
      /^\| `a\\\|b\.md` \| changed \| `acme-large-2024` \| 2 \| 4 \| \+2 \| .* \| ↑ 6\.3% \|$/m,
    );
    expect(text).toMatch(/^\| `gone\.md` \| removed \| .* \| ↓ 100% \|$/m);
    expect(text).toContain("**✅ Pass:** no model's cost grew by more than 10% (--fail-on-increase 10)");
    expect(renderDiff(report, "markdown")).toBe(text);
  });
});
