import { readFileSync } from "node:fs";
import type { Option } from "commander";
import { describe, expect, it } from "vitest";
import { calibrateOptions } from "../../src/cli/calibrate-command.js";
import { estimateOptions } from "../../src/cli/estimate-options.js";
import { modelsOptions } from "../../src/cli/models.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("starts with the two commands: set up and run, and test", () => {
    const quickStart = readme.slice(readme.indexOf("## Quick start"));
    const blocks = [...quickStart.matchAll(/```sh\n(.+)\n```/g)].map((m) => m[1]);
    expect(blocks.slice(0, 2)).toEqual(["npm install && npx llmcost estimate README.md", "npm test"]);
  });

  // Each command's options come from its records (cli/option-groups.ts); its README table lists them all.
  const tables: [string, () => Option[]][] = [
    ["## `llmcost estimate", estimateOptions],
    ["## `llmcost calibrate", calibrateOptions],
    ["## `llmcost models", modelsOptions],
  ];
  for (const [heading, options] of tables) {
    it(`documents every option of ${heading.slice(4)} in its section's table`, () => {
      const start = readme.indexOf(heading);
      expect(start, heading).toBeGreaterThanOrEqual(0);
      const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
      const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      for (const option of options()) {
        expect(section, option.flags).toMatch(new RegExp(`\\| \`${escapeRegExp(option.flags)}\` +\\|`));
      }
    });
  }

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
