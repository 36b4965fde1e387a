// The examples of docs/tokenizer-json.md run as written: each `$ llmcost …` line of its ```console
// blocks runs through the CLI in-process, in a directory holding prompt.md, tokenizer.json (the qwen
// fixture), bert.json (a WordPiece model) and the doc's own ```json prices.json block, and the doc shows
// exactly what it prints (that directory written /home/you/project). Regenerate the outputs with
// LLMCOST_WRITE_DOCS=1 npx vitest run test/unit/tokenizer-json-doc.test.ts
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { runInProcess } from "../run-in-process.js";
import { tempDir } from "../temp-dir.js";

const DOC = resolve("docs/tokenizer-json.md");
const SHOWN_DIR = "/home/you/project";
const doc = readFileSync(DOC, "utf8");
const dir = tempDir();
const before = process.cwd();

beforeAll(() => {
  const fixture = JSON.parse(readFileSync(resolve("test/fixtures/hf/qwen.json"), "utf8"));
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(fixture));
  writeFileSync(
    join(dir, "bert.json"),
    JSON.stringify({ ...fixture, model: { ...fixture.model, type: "WordPiece" } }),
  );
  writeFileSync(
    join(dir, "prompt.md"),
    "Summarise the attached quarterly report in three bullet points for the board.\n",
  );
  const prices = /```json prices\.json\n([\s\S]*?)```/.exec(doc)?.[1];
  writeFileSync(join(dir, "prices.json"), prices ?? "");
  // Paths in --tokenizer are read from the working directory, as a shell's would be.
  process.chdir(dir);
});
afterAll(() => process.chdir(before));

/** The words of a command line (no quoting in these examples); the leading `llmcost` dropped. */
const argvOf = (line: string) => line.trim().split(/\s+/).slice(1);

async function output(command: string): Promise<string> {
  const { stdout, stderr } = await runInProcess(run, argvOf(command), {
    input: "",
    env: { LLMCOST_TODAY: "2026-12-01", COLUMNS: "100" },
  });
  return (stdout + stderr).replaceAll(dir, SHOWN_DIR).trimEnd();
}

/** The doc with every console block's output as the commands print it now. */
async function regenerated(): Promise<string> {
  const blocks = [...doc.matchAll(/```console\n([\s\S]*?)```/g)];
  let out = "";
  let last = 0;
  for (const block of blocks) {
    const commands = (block[1] as string).split("\n").filter((line) => line.startsWith("$ "));
    let body = "";
    for (const command of commands) body += `${command}\n${await output(command.slice(2))}\n`;
    out += `${doc.slice(last, block.index)}\`\`\`console\n${body}\`\`\``;
    last = block.index + block[0].length;
  }
  return out + doc.slice(last);
}

describe("docs/tokenizer-json.md", () => {
  it("shows what its examples print", { timeout: 60_000 }, async () => {
    const expected = await regenerated();
    if (process.env.LLMCOST_WRITE_DOCS === "1") writeFileSync(DOC, expected);
    else expect(doc).toBe(expected);
    expect(doc.match(/^\$ llmcost /gm)?.length).toBeGreaterThanOrEqual(4);
    // The refused file is said as the one line of a data error.
    expect(doc).toContain(`llmcost: ${SHOWN_DIR}/bert.json: model type "WordPiece" is not supported`);
  });
});
