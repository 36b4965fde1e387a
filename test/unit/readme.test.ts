import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { estimateOptions } from "../../src/cli/estimate-options.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("starts with the two commands: set up and run, and test", () => {
    const quickStart = readme.slice(readme.indexOf("## Quick start"));
    const blocks = [...quickStart.matchAll(/```sh\n(.+)\n```/g)].map((m) => m[1]);
    expect(blocks.slice(0, 2)).toEqual(["npm install && npx llmcost estimate README.md", "npm test"]);
  });

  it("documents every option of llmcost estimate", () => {
    const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    for (const option of estimateOptions()) {
      expect(readme, option.flags).toMatch(new RegExp(`\\| \`${escapeRegExp(option.flags)}\` +\\|`));
    }
  });

  it("documents every command", () => {
    for (const command of [
      "llmcost estimate",
      "llmcost models",
      "pricing import",
      "pricing update",
      "pricing check",
    ]) {
      expect(readme).toContain(command);
    }
  });
});
