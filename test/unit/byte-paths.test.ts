import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { bytePath, fsPath, pathOfKey } from "../../src/io/byte-paths.js";
import { planInputs, readPlanned } from "../../src/io/read-inputs.js";
import { tempDir } from "../temp-dir.js";

/** `dir/` + the bytes of `name`, written latin1 (so "\xff" is the byte 0xff). */
const bytesOf = (dir: string, name: string) =>
  Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(name, "latin1")]);

describe("file names as bytes", () => {
  it("a UTF-8 name is itself in every form", () => {
    expect(bytePath(Buffer.from("prompts/héllo 😀.md"))).toEqual({
      text: "prompts/héllo 😀.md",
      key: "prompts/héllo 😀.md",
    });
  });

  it("a byte outside UTF-8 is shown \\xNN and keyed as a lone surrogate; the rest decodes", () => {
    const bytes = Buffer.concat([Buffer.from("bad"), Buffer.from([0xff]), Buffer.from("é.txt")]);
    const path = bytePath(bytes);
    expect(path.text).toBe("bad\\xffé.txt");
    expect(path.key).toBe("bad\udcffé.txt");
    expect(path.raw?.equals(bytes)).toBe(true);
    // A name that only looks like the escape is another file.
    expect(bytePath(Buffer.from("bad\\xffé.txt")).key).not.toBe(path.key);
  });

  it("18.4: what is shown tells names apart: a backslash that could read as an escape is escaped too", () => {
    const shown = (name: Buffer | string) => bytePath(Buffer.isBuffer(name) ? name : Buffer.from(name)).text;
    // Ordinary names, backslashes included, are shown as they are.
    for (const name of ["prompts/a b.md", "C\\notes.md", "end\\", "héllo 😀"]) expect(shown(name)).toBe(name);
    // A name not UTF-8 has its backslashes doubled; so has one that only looks like an escape.
    const odd = Buffer.concat([Buffer.from("a\\b"), Buffer.of(0xff)]);
    expect(shown(odd)).toBe("a\\\\b\\xff");
    expect(shown("bad\\xffname.txt")).toBe("bad\\\\xffname.txt");
    expect(shown(Buffer.from("bad\xffname.txt", "latin1"))).toBe("bad\\xffname.txt");
    expect(shown("a\\u0001")).toBe("a\\\\u0001");
    expect(shown("a\\\\b")).toBe("a\\\\\\\\b");
    // A backslash before a control character (which printable then writes \u0001) is doubled too.
    expect(shown("a\\\u0001")).toBe("a\\\\\u0001");
    // Escaped, a name keeps its bytes for the file system and its own key.
    const literal = bytePath(Buffer.from("bad\\xffname.txt"));
    expect(literal.key).toBe("bad\\xffname.txt");
    expect(fsPath(literal)).toEqual(Buffer.from("bad\\xffname.txt"));
  });

  it("18.4: a key turns back into the bytes it stands for (a path given on the command line)", () => {
    const bytes = Buffer.concat([Buffer.from("dir/bad"), Buffer.of(0xff), Buffer.from("😀.txt")]);
    const path = bytePath(bytes);
    const back = pathOfKey(path.key);
    expect(back).toEqual(path);
    expect(pathOfKey("plain/😀.md")).toEqual({ text: "plain/😀.md", key: "plain/😀.md" });
    expect(pathOfKey("x\\u0041").text).toBe("x\\\\u0041");
  });

  it("a path handed to a worker thread (a plain Uint8Array then) opens the same bytes", () => {
    const raw = Buffer.from([0x61, 0xff]);
    const cloned = structuredClone(raw) as Uint8Array;
    expect(Buffer.isBuffer(cloned)).toBe(false);
    const path = fsPath({ text: "a\\xff", raw: cloned });
    expect(Buffer.isBuffer(path) && path.equals(raw)).toBe(true);
  });

  it("overlong forms, encoded surrogates and cut sequences are not UTF-8", () => {
    const cases: [number[], string][] = [
      [[0xc0, 0xaf], "\\xc0\\xaf"],
      [[0xed, 0xa0, 0x80], "\\xed\\xa0\\x80"],
      [[0xe2, 0x82], "\\xe2\\x82"],
      [[0xf4, 0x90, 0x80, 0x80], "\\xf4\\x90\\x80\\x80"],
      [[0x61, 0xe2, 0x82, 0xac, 0x80], "a€\\x80"],
    ];
    for (const [bytes, text] of cases) expect(bytePath(Buffer.from(bytes)).text).toBe(text);
  });

  it("18.4: a directory walk finds and reads a file whose name is not UTF-8", async () => {
    const dir = tempDir();
    writeFileSync(bytesOf(dir, "bad\xffname.txt"), "one two three");
    writeFileSync(join(dir, "good.txt"), "four");
    const plan = await planInputs([dir]);
    expect(plan.errors).toEqual([]);
    expect(plan.inputs.map((input) => input.source)).toEqual([
      join(dir, "bad\\xffname.txt"),
      join(dir, "good.txt"),
    ]);
    let text = "";
    const outcome = await readPlanned(plan.inputs[0] as (typeof plan.inputs)[0], Readable.from([]), () => ({
      write(chunk: string) {
        text += chunk;
      },
      end() {},
    }));
    expect(outcome.kind).toBe("text");
    expect(text).toBe("one two three");
  });

  it("18.5: with `once`, a file met twice (overlapping operands) is planned once; a link up is not followed", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "a.md"), "a");
    symlinkSync("..", join(dir, "sub", "up"));
    const plan = await planInputs([dir, join(dir, "sub")], { once: true });
    expect(plan.inputs.map((input) => input.source)).toEqual([join(dir, "sub", "a.md")]);
    const twice = await planInputs([dir, join(dir, "sub")]);
    expect(twice.inputs).toHaveLength(2);
  });
});
