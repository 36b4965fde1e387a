import { describe, expect, it } from "vitest";
import { globSelection } from "../../src/io/glob-inputs.js";

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
