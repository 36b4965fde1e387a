// docs/hosts.md runs as written: its ```json NAME blocks are written to a directory with the README's
// prompt as prompt.md, each `$ llmcost …` line runs there in process, and the page shows what it prints.
// Regenerate with LLMCOST_WRITE_DOCS=1 npx vitest run test/unit/hosts-doc.test.ts
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withExampleOutputs } from "../doc-examples.js";
import { tempDir } from "../temp-dir.js";

const DOC = resolve("docs/hosts.md");
const doc = readFileSync(DOC, "utf8");
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/hosts.md", () => {
  it("shows what its examples print", { timeout: 60_000 }, async () => {
    writeFileSync(
      join(dir, "prompt.md"),
      "Summarise the attached quarterly report in three bullet points for the board.\n",
    );
    for (const [, name, text] of doc.matchAll(/```json (\S+)\n([\s\S]*?)```/g))
      writeFileSync(join(dir, name as string), text as string);
    const expected = await withExampleOutputs(doc, {
      cwd: dir,
      shownAs: "/home/you/project",
      env: { LLMCOST_TODAY: "2026-12-01", COLUMNS: "100" },
    });
    if (process.env.LLMCOST_WRITE_DOCS === "1") writeFileSync(DOC, expected);
    else expect(doc).toBe(expected);
    // The deployment name prices at the host's rate, and the broken file is one line naming its path.
    expect(doc).toMatch(/azure\/contoso-chat-prod +│ +15 │ +500 │ \$2\.75\/\$16\.50/);
    expect(doc).toContain(
      "llmcost: broken-host.json: models[0].prices: missing (a host's prices are its own;",
    );
  });
});
