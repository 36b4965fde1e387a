// `llmcost init` from the built bundle (issue 20, item 5): the starter config it writes is one the
// bundle's own `check` passes, and the schema it names ships in the package.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

describe("llmcost init (built)", () => {
  it("writes a config the built check passes, naming the shipped config schema", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "prompts"));
    writeFileSync(join(dir, "prompts", "system.md"), "You are a helpful assistant.");
    const init = await llmcost(["init", "-m", "gpt-6-luna"], { cwd: dir });
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(
      /^wrote llmcost\.config\.json: 1 rule\n {2}prompts\/: prompts\/\*\* \(1 file\)\n/,
    );
    const config = JSON.parse(readFileSync(join(dir, "llmcost.config.json"), "utf8"));
    // The relative $schema names node_modules/llmcost/…: the package's own schema/ file.
    expect(existsSync(join(ROOT, config.$schema.replace("./node_modules/llmcost/", "")))).toBe(true);
    const check = await llmcost(["check"], { cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("✓ the rule passes");
    const again = await llmcost(["init"], { cwd: dir });
    expect(again).toMatchObject({ code: 64, stdout: "" });
  });
});
