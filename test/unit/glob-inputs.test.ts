import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { globSelection } from "../../src/io/glob-inputs.js";
import { planInputs, settleReads } from "../../src/io/read-inputs.js";
import { tempDir } from "../temp-dir.js";

describe("what a check rule's globs select", () => {
  it("walks each glob's directory once, shown from the working directory", async () => {
    const found = await globSelection(["prompts/**/*.md", "./prompts/sub/*.txt", "docs/a.md"], "/p", "/p");
    expect(found.roots).toEqual(["docs/a.md", "prompts"]);
    const below = await globSelection(["*.md", "prompts/*.md"], "/p/conf", "/p");
    expect(below.roots).toEqual(["conf"]);
  });

  it("selects as the globs match (dot files only when named; '!' leaves out), from the config's directory", async () => {
    const { select } = await globSelection(["prompts/**", "!prompts/skip.md"], "/p/conf", "/p");
    expect(select("conf/prompts/a.md")).toBe(true);
    expect(select("conf/prompts/deep/er/b.md")).toBe(true);
    expect(select("conf/prompts/skip.md")).toBe(false);
    expect(select("conf/prompts/.hidden.md")).toBe(false);
    expect(select("conf/other/a.md")).toBe(false);
  });

  it("walks into a directory only if a glob can match below it", async () => {
    const { descend } = await globSelection(["prompts/*.md", "evals/**/*.jsonl"], "/p", "/p");
    expect(descend("prompts")).toBe(true);
    expect(descend("prompts/sub")).toBe(false);
    expect(descend("evals/a/b/c")).toBe(true);
    expect(descend("src")).toBe(false);
    const flat = await globSelection(["*.md"], "/p", "/p");
    expect(flat.descend("src")).toBe(false);
    // A brace holding "/" is not cut up: everything is walked, and the match decides.
    const braced = await globSelection(["{x,y/z}/*.md"], "/p", "/p");
    expect(braced.descend("src")).toBe(true);
  });
});

describe("planning what a selection finds", () => {
  it("a missing root holds nothing and nothing selected is no error (the caller judges)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.txt"), "a");
    const options = { select: (source: string) => source.endsWith(".md") };
    const plan = await planInputs([join(dir, "missing"), dir], options);
    expect(plan.inputs).toEqual([]);
    expect(plan.errors).toEqual([]);
    expect(settleReads(plan, [])).toMatchObject({ errors: [], warnings: [] });
  });

  it("within a directory, a followed link that leads out of it is skipped, one inside is followed", async () => {
    const outside = tempDir();
    writeFileSync(join(outside, "secret.txt"), "secret");
    const dir = tempDir();
    mkdirSync(join(dir, "docs"));
    writeFileSync(join(dir, "docs", "a.txt"), "a");
    symlinkSync(outside, join(dir, "out"));
    symlinkSync(join(dir, "docs"), join(dir, "alias"));
    const plan = await planInputs([dir], { follow: true, within: dir, once: true });
    expect(plan.inputs.map((input) => input.source)).toEqual([join(dir, "alias", "a.txt")]);
    expect(plan.warnings).toEqual([
      { subject: join(dir, "out"), reason: "skipped: symbolic link out of the directory (not followed)" },
    ]);
  });

  it("18.4: a name with a byte that is not UTF-8 is matched with that byte as one character", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "prompts"));
    const name = Buffer.concat([Buffer.from(`${dir}/prompts/bad`), Buffer.of(0xff), Buffer.from("name.txt")]);
    writeFileSync(name, "hello");
    writeFileSync(join(dir, "prompts", "other.md"), "other");
    for (const glob of ["prompts/bad?name.txt", "prompts/*name.txt", "prompts/bad*", "**/*.txt"]) {
      const { roots, select, descend } = await globSelection([glob], dir, dir);
      const plan = await planInputs(
        roots.map((root) => join(dir, root)),
        { select, descend },
      );
      expect(
        plan.inputs.map((input) => input.source),
        glob,
      ).toEqual([join(dir, "prompts", "bad\\xffname.txt")]);
      expect(Buffer.from(plan.inputs[0]?.rawPath ?? []).equals(name), glob).toBe(true);
    }
  });
});
