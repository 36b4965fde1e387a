// docs/pricing.md runs as written: its ```json NAME blocks are written to a directory with the README's
// prompt as prompt.md, each `$ llmcost …` line runs there in process, and the page shows what it prints;
// its catalogue counts are the CLI's own. Regenerate with
// LLMCOST_WRITE_DOCS=1 npx vitest run test/unit/pricing-doc.test.ts
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { withExampleOutputs } from "../doc-examples.js";
import { runInProcess } from "../run-in-process.js";
import { tempDir } from "../temp-dir.js";

const DOC = resolve("docs/pricing.md");
const doc = readFileSync(DOC, "utf8");
const TODAY = "2026-12-06";
const env = { LLMCOST_TODAY: TODAY, COLUMNS: "100" };
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ListedModel {
  id: string;
  provider: string;
  host?: string;
  available: boolean;
}

/** The counts sentence, from what `llmcost models -f json` lists on the doc's date. */
async function countsSentence(): Promise<string> {
  const { stdout } = await runInProcess(run, ["models", "-f", "json"], { input: "", cwd: dir, env });
  const models = (JSON.parse(stdout) as { models: ListedModel[] }).models;
  const sellers = new Set(models.map((model) => model.host ?? model.provider));
  const onSale = models.filter((model) => model.available).length;
  return `**${models.length} models from ${sellers.size} providers and hosts, ${onSale} of them on sale on ${TODAY}**`;
}

const COUNTS = /(<!-- counts -->)[\s\S]*?(<!-- \/counts -->)/;

describe("docs/pricing.md", () => {
  it("shows what its examples print, and the catalogue's counts", { timeout: 60_000 }, async () => {
    writeFileSync(
      join(dir, "prompt.md"),
      "Summarise the attached quarterly report in three bullet points for the board.\n",
    );
    for (const [, name, text] of doc.matchAll(/```json (\S+)\n([\s\S]*?)```/g))
      writeFileSync(join(dir, name as string), text as string);
    expect(doc).toMatch(COUNTS);
    const counted = doc.replace(COUNTS, `$1${await countsSentence()}$2`);
    const expected = await withExampleOutputs(counted, {
      cwd: dir,
      shownAs: "/home/you/project",
      env,
    });
    if (process.env.LLMCOST_WRITE_DOCS === "1") writeFileSync(DOC, expected);
    else expect(doc).toBe(expected);
    // What the prose says of the examples' output: the 2024 names, the retired model's last price, a
    // host selling what its maker retired, the user's rate replacing the shipped one, the loader's
    // one-line error.
    expect(expected).toMatch(/mistral-large-2402 +│ +17 │ +500 │ +\$8\.00\/\$24\.00/);
    expect(expected).toMatch(/gpt-4-0125-preview +│ +15 │ +500 │ \$10\.00\/\$30\.00/);
    expect(expected).toMatch(/gpt-4-turbo-2024-04-09 \(retired\) +│ openai/);
    expect(expected).toMatch(/claude-sonnet-4-5-20250929 \(retired\) +│ +≈17 │ +\$3\.00/);
    expect(expected).toMatch(/bedrock\/claude-sonnet-4-5 \(retiring\) +│ +≈17 │ +\$3\.30/);
    expect(expected).toMatch(/gpt-6-sol +│ openai +│ +15 │ +500 │ \$1\.60\/\$12\.80/);
    expect(expected).toContain(
      "llmcost: dear-cache.json: models[0].prices[0].cachedInput: is higher than the input price",
    );
  });

  it("links every pricing research log", () => {
    const logs = readdirSync(resolve("docs")).filter((f) => /^pricing-research-.*\.md$/.test(f));
    expect(logs.length).toBeGreaterThan(5);
    for (const log of logs) expect(doc, log).toContain(`](${log})`);
  });
});
