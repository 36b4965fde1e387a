// Issue 18, items 1 and 2: JSON files read whole (config, pricing, LiteLLM lists, baselines) and shard
// records, nested 5,000 deep or padded with tens of MB of whitespace: 65 or 0, never 70, in flat memory.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, shell, tempDir } from "./cli.js";
import { escapeRegExp, expectError } from "./fault-helpers.js";
import { llmcost } from "./in-process.js";

const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
const userPricing = readFileSync(
  join(ROOT, "test", "fixtures", "user-pricing", "private.json"),
  "utf8",
).trim();
/** `json` (an object's text) with `key` set to `value` before its other keys. */
const withFirst = (json: string, key: string, value: string) => json.replace(/^\{/, `{"${key}":${value},`);

describe("fault matrix round two (issue 18): JSON files", () => {
  it("18.1: an object nested 5,000 deep in a config, pricing, LiteLLM or shard file is 65 naming the file, not 70", async () => {
    const dir = tempDir();
    // Files are named relative to the run's directory, as messages name them.
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return name;
    };
    const run = (args: string[], input?: string) => llmcost(args, { cwd: dir, input });
    const config = write("cfg.json", withFirst('{"rules":[{"paths":["x"],"maxCost":1}]}', "zz", deep));
    expectError(await run(["check", "--config", config]), 65, `${config}: zz: unknown key`);
    const pricing = write("pr.json", withFirst(userPricing, "zz", deep));
    const unknown = `${pricing}: zz: unknown field`;
    expectError(await run(["estimate", "-m", "gpt-4o", "--pricing", pricing], "x"), 65, unknown);
    expectError(await run(["pricing", "check", pricing]), 65, unknown);
    expectError(await run(["pricing", "import", "--from", "litellm", pricing]), 65, unknown);
    expectError(await run(["pricing", "check", "--against", pricing]), 65, unknown);
    // A duplicate key below the nesting is still found, where it is.
    const twice = write("twice.json", withFirst(userPricing, "zz", deep.replace("1}", '1,"a":2}')));
    expectError(
      await run(["pricing", "check", twice]),
      65,
      new RegExp(`^llmcost: ${escapeRegExp(twice)}: zz(\\.a){5000}: appears twice in the same object`),
    );
    // Cut short inside the nesting: line and column of the end.
    const cut = write("cut.json", deep.slice(0, 3000));
    expectError(await run(["pricing", "check", cut]), 65, `${cut}: 1:3001: invalid JSON: value expected`);

    // A shard record nested that deep is refused before anything compares or writes it back.
    const shardRun = await run(["estimate", "-m", "gpt-4o", "-f", "jsonl"], "x");
    const [header, input] = shardRun.stdout.trim().split("\n") as [string, string];
    const shard = write("s.jsonl", `${header}\n${withFirst(input, "zz", deep)}\n`);
    expectError(
      await run(["merge", shard]),
      65,
      `${shard}:2: zz.a.a.a…: nested more than 64 levels deep: not an llmcost record`,
    );
    const deepHeader = write(
      "h.jsonl",
      `${header.replace('"output":{', `"output":{"zz":${deep},`)}\n${input}\n`,
    );
    expectError(
      await run(["merge", deepHeader, "-f", "json"]),
      65,
      `${deepHeader}:1: output.zz.a.a…: nested more than 64 levels deep: not an llmcost record`,
    );

    // A baseline reads only the fields a diff needs: a deep one it does not read is no harm.
    writeFileSync(join(dir, "in.txt"), "x");
    const report = await run(["estimate", "in.txt", "-m", "gpt-4o", "-f", "json"]);
    const baseline = write("base.json", withFirst(report.stdout.trim(), "zz", deep));
    const diff = await run(["diff", "--baseline", baseline, "in.txt", "-m", "gpt-4o"]);
    expect(diff.stderr).not.toMatch(/internal error/);
    expect(diff.code).toBe(0);
  });

  it("18.2: pricing and baseline files of 40-60 MB, mostly whitespace, are read in a 256 MB heap", async () => {
    const dir = tempDir();
    // jsonc-parser's scanner took 1.4-2.1 GB (and 12-19 s) on these; JSON.parse and a linear scan need
    // little more than the text.
    const node = `node --max-old-space-size=256 ${BIN}`;
    const padded = join(dir, "padded.json");
    writeFileSync(padded, userPricing.replace(/^\{/, `{${" ".repeat(40_000_000)}`));
    const valid = await shell(`${node} pricing check ${padded}`);
    expect(valid.stderr).toBe("");
    expect(valid).toMatchObject({ code: 0, stdout: expect.stringMatching(/ are valid\n$/) });
    const spaces = join(dir, "spaces.json");
    writeFileSync(spaces, " ".repeat(49_000_000));
    expectError(
      await shell(`${node} pricing check ${spaces}`),
      65,
      `${spaces}: 1:49000001: invalid JSON: value expected`,
    );
    const baseline = join(dir, "baseline.json");
    writeFileSync(baseline, " ".repeat(60_000_000));
    writeFileSync(join(dir, "in.txt"), "x");
    expectError(
      await shell(`cd ${dir} && ${node} diff --baseline ${baseline} in.txt -m gpt-4o`),
      65,
      `${baseline}: 1:60000001: invalid JSON: value expected`,
    );
  }, 120_000);
});
