import { appendFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  type PlannedInput,
  planInputs,
  type ReadOutcome,
  readPlanned,
  settleReads,
} from "../../src/io/read-inputs.js";
import { tempDir } from "../temp-dir.js";

const nowhere = () => ({ write() {}, end() {} });

/** Reads one planned input whole, as text. */
async function textOf(input: PlannedInput): Promise<{ outcome: ReadOutcome; text: string }> {
  let text = "";
  const outcome = await readPlanned(input, Readable.from([]), () => ({
    write(chunk: string) {
      text += chunk;
    },
    end() {},
  }));
  return { outcome, text };
}

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
      ["data", "invalid UTF-8 at byte offset 2 (`strictUtf8`)"],
    ]);
    const empty = tempDir();
    const allowed = settleReads(await planInputs([empty], { allowEmpty: true }), []);
    expect(allowed.errors).toEqual([]);
    expect(allowed.warnings).toEqual([{ subject: empty, reason: "no input files" }]);
  });

  it("a small file (read at once) that grew, shrank or became a directory since it was planned is read as it is now", async () => {
    const dir = tempDir();
    for (const name of ["grows.txt", "shrinks.txt", "becomes-dir.txt"])
      writeFileSync(join(dir, name), "0123456789");
    const found: string[] = [];
    const plan = await planInputs([dir], {}, (input) => found.push(input.source));
    expect(found).toEqual(plan.inputs.map((input) => input.source));
    expect(plan.inputs.map((input) => input.size)).toEqual([10, 10, 10]);
    const [becomesDir, grows, shrinks] = plan.inputs as [PlannedInput, PlannedInput, PlannedInput];
    appendFileSync(grows.source, "x".repeat(200_000));
    writeFileSync(shrinks.source, "012");
    rmSync(becomesDir.source);
    mkdirSync(becomesDir.source);
    expect(await textOf(grows)).toEqual({
      outcome: { kind: "text", replaced: false },
      text: `0123456789${"x".repeat(200_000)}`,
    });
    expect(await textOf(shrinks)).toEqual({ outcome: { kind: "text", replaced: false }, text: "012" });
    expect((await textOf(becomesDir)).outcome).toMatchObject({
      kind: "error",
      error: { kind: "no-input", reason: "is a directory" },
    });
  });

  it("small and streamed files are read alike: binary sniffing, UTF-16, empty files", async () => {
    const dir = tempDir();
    const nul = Buffer.from("text\0more");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("héllo", "utf16le")]);
    for (const [name, bytes] of [
      ["a-binary", nul],
      ["b-binary-large", Buffer.concat([nul, Buffer.alloc(100_000, 0x61)])],
      ["c-utf16", utf16],
      ["d-utf16-large", Buffer.concat([utf16, Buffer.from("a".repeat(50_000), "utf16le")])],
      ["e-empty", Buffer.alloc(0)],
    ] as const)
      writeFileSync(join(dir, name), bytes);
    const plan = await planInputs([dir]);
    const read = await Promise.all(plan.inputs.map(textOf));
    expect(read.map(({ outcome }) => outcome)).toEqual([
      { kind: "binary", offset: 4 },
      { kind: "binary", offset: 4 },
      { kind: "text", replaced: false, encoding: "utf-16le" },
      { kind: "text", replaced: false, encoding: "utf-16le" },
      { kind: "text", replaced: false },
    ]);
    expect(read[2]?.text).toBe("héllo");
    expect(read[3]?.text).toBe(`héllo${"a".repeat(50_000)}`);
    expect(read[4]?.text).toBe("");
  });
});
