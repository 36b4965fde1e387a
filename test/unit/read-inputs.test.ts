import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { planInputs, readPlanned, settleReads } from "../../src/io/read-inputs.js";

const tempDir = () => mkdtempSync(join(tmpdir(), "llmcost-unit-"));
const nowhere = () => ({ write() {}, end() {} });

describe("reading planned inputs", () => {
  it("a file gone between listing and reading is a per-file no-input error, not a throw", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "a.txt"), "kept");
    writeFileSync(join(dir, "sub", "gone.txt"), "soon gone");
    const plan = await planInputs([dir]);
    expect(plan.inputs.map((input) => input.source)).toEqual([
      join(dir, "a.txt"),
      join(dir, "sub", "gone.txt"),
    ]);
    rmSync(join(dir, "sub"), { recursive: true });
    const outcomes = [];
    for (const input of plan.inputs) outcomes.push(await readPlanned(input, Readable.from([]), nowhere));
    expect(outcomes[0]).toEqual({ kind: "text", replaced: false });
    expect(outcomes[1]).toMatchObject({
      kind: "error",
      error: { kind: "no-input", subject: join(dir, "sub", "gone.txt"), reason: "no such file or directory" },
    });
    const settled = settleReads(plan, outcomes);
    expect(settled.read).toBe(1);
    expect(settled.errors.map((error) => error.message)).toEqual([
      `${join(dir, "sub", "gone.txt")}: no such file or directory`,
    ]);
  });

  it("--strict-utf8 turns replaced bytes into a data error with the offset; --allow-empty an empty walk into a warning", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.txt"), Buffer.from([0x61, 0x62, 0xff]));
    const strict = await planInputs([dir], { strictUtf8: true });
    const [input] = strict.inputs;
    if (!input) throw new Error("bad.txt was not planned");
    const outcome = await readPlanned(input, Readable.from([]), nowhere);
    expect(outcome).toEqual({ kind: "text", replaced: true, invalidAt: 2 });
    expect(settleReads(strict, [outcome]).errors.map((error) => [error.kind, error.reason])).toEqual([
      ["data", "invalid UTF-8 at byte offset 2 (--strict-utf8)"],
    ]);
    const empty = tempDir();
    const allowed = settleReads(await planInputs([empty], { allowEmpty: true }), []);
    expect(allowed.errors).toEqual([]);
    expect(allowed.warnings).toEqual([{ subject: empty, reason: "no input files" }]);
  });
});
