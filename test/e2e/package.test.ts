import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { llmcost, ROOT, tempDir } from "./cli.js";

/** What `npm pack` would put in the tarball (no network, no build: the dist/ of `npm run build`). */
function packed(): { size: number; unpackedSize: number; files: string[] } {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", "--offline"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, npm_config_loglevel: "silent", npm_config_update_notifier: "false" },
  });
  const [pack] = JSON.parse(out) as { size: number; unpackedSize: number; files: { path: string }[] }[];
  if (!pack) throw new Error("npm pack listed nothing");
  return { ...pack, files: pack.files.map((file) => file.path) };
}

/**
 * Top-level folders of the repository that are for its developers, not the package's users: a path
 * into one of them may be named (in the README's contributor notes, in a comment) without shipping it.
 * A path into any other folder of the repository must be in the package.
 */
const REPOSITORY_ONLY = new Set([
  "src",
  "test",
  "bench",
  "scripts",
  "calibration",
  "node_modules",
  // The GitHub Action's scripts: run from a checkout of the repository (`uses:`), not from npm.
  "action",
]);

/**
 * The relative paths a text names: "docs/ci.md", "schema/x.schema.json", "src/tokenizers/",
 * "node_modules/llmcost/pricing/schema.json" (read as "pricing/schema.json"). A path inside a URL
 * or another path (".../docs/x.md", "~/.config/…") is not one; globs ("prompts/**") and ${…} templates
 * are skipped. Which of them are the repository's is for the caller to tell (a README example may
 * name a user's "docs/logo.png").
 */
function namedPaths(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?<![\w./@:${}~-])([A-Za-z0-9_][\w.-]*(?:\/[\w.-]+)+\/?)/g)) {
    if (text[(match.index ?? 0) + (match[1] as string).length] === "*") continue;
    found.add((match[1] as string).replace(/^node_modules\/llmcost\//, "").replace(/\.$/, ""));
  }
  return [...found].sort();
}

/** The targets of the relative Markdown links of a text: [text](docs/ci.md#anchor) → docs/ci.md. */
const linkTargets = (markdown: string): string[] =>
  [...markdown.matchAll(/\]\((?![a-z]+:|#)([^)\s#]+)/g)].map((match) => match[1] as string);

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(dir, name));

describe("the npm package", () => {
  const pack = packed();
  const files = new Set(pack.files);

  it("is at most 12 MB packed, with no source maps and no prebuilt tables", () => {
    expect(pack.size).toBeLessThanOrEqual(12 * 1024 * 1024);
    expect(pack.files.filter((file) => file.endsWith(".map"))).toEqual([]);
    expect(pack.files.filter((file) => file.startsWith("dist/rank-tables/"))).toEqual([]);
    // What a run needs: the CLI, its bundle and worker, the library, prices, vocabularies.
    for (const file of [
      "bin/llmcost.js",
      "dist/cli/llmcost.bundle.js",
      "dist/count/count-worker.js",
      "dist/index.js",
      "dist/index.d.ts",
      "pricing/openai.json",
      "tokenizers/gemma-3.json",
      "package.json",
    ])
      expect(files, file).toContain(file);
  });

  it("ships the LICENSE and every file of docs/", () => {
    expect(files).toContain("LICENSE");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(
      /^MIT License\n\nCopyright \(c\) \d{4} the llmcost authors\n/,
    );
    const docs = readdirSync(join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
      .filter((name) => statSync(join(ROOT, "docs", name)).isFile())
      .map((name) => `docs/${name}`);
    expect(docs.length).toBeGreaterThan(3);
    expect(docs.filter((file) => !files.has(file))).toEqual([]);
  });

  it("holds every repository path that the README and the CLI's sources name", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const texts = [
      { name: "README.md", text: readme },
      ...sourceFiles(join(ROOT, "src")).map((file) => ({
        name: relative(ROOT, file),
        text: readFileSync(file, "utf8"),
      })),
    ];
    const missing: string[] = [];
    let checked = 0;
    for (const { name, text } of texts) {
      // A path is the repository's if it is there (README examples also name a user's files).
      for (const path of namedPaths(text).filter((named) => existsSync(join(ROOT, named)))) {
        if (REPOSITORY_ONLY.has(path.slice(0, path.indexOf("/")))) continue;
        checked++;
        const prefix = path.endsWith("/") ? path : `${path}/`;
        if (!files.has(path) && !pack.files.some((file) => file.startsWith(prefix)))
          missing.push(`${name} names ${path}`);
      }
    }
    // A relative link of the README must lead somewhere: into the package, or a repository-only folder.
    for (const target of linkTargets(readme)) {
      if (REPOSITORY_ONLY.has(target.slice(0, target.indexOf("/"))) && existsSync(join(ROOT, target)))
        continue;
      checked++;
      if (!files.has(target) && !pack.files.some((file) => file.startsWith(`${target.replace(/\/$/, "")}/`)))
        missing.push(`README.md links ${target}`);
    }
    expect(missing).toEqual([]);
    // The README names docs/ pages and the CLI names at least docs/calibration.md: not a vacuous pass.
    expect(checked).toBeGreaterThan(5);
  });

  it("finds the paths a text names, and not the look-alikes", () => {
    const text = [
      "See docs/ci.md and (docs/calibration.md), `schema/llmcost.config.schema.json`;",
      "node_modules/llmcost/pricing/schema.json, src/tokenizers/ and docs/scaling.md.",
      "Not https://example.com/docs/x.md, ../docs/y.md, ~/.config/llmcost/pricing.json,",
      `docs/pricing-research-*.md or ${"$"}{dir}/docs/z.md.`,
    ].join("\n");
    expect(namedPaths(text)).toEqual([
      "docs/calibration.md",
      "docs/ci.md",
      "docs/scaling.md",
      "pricing/schema.json",
      "schema/llmcost.config.schema.json",
      "src/tokenizers/",
    ]);
    expect(
      linkTargets("[CI](docs/ci.md#action), [web](https://x.org/a), [up](#top), [b](bench/RESULTS.md)"),
    ).toEqual(["docs/ci.md", "bench/RESULTS.md"]);
  });
});

describe("the tables built on first use", () => {
  // A byte-pair rank table (o200k_base) and Gemma 3's merge list: both kinds of cached table.
  const MODELS = ["-m", "gpt-4o,gemini-4-hydrogen"];
  /** Four files; `giant` adds a 9 KB word to each, which sends o200k_base to its backtracking data. */
  const corpus = (giant = false) => {
    const dir = tempDir();
    // Letters without a period (a repeated one is counted without backtracking, run-period.ts).
    let seed = 7;
    const word = Array.from({ length: 9000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String.fromCharCode(97 + (seed % 26));
    }).join("");
    for (let i = 0; i < 4; i++) {
      const text = `Text ${i}: ${"The quick brown fox. 日本語のテキスト。 ".repeat(300)}`;
      writeFileSync(join(dir, `f${i}.txt`), giant ? `${text} ${word}` : text);
    }
    return dir;
  };

  it("are cached by the first run (worker threads included) and read by the next; the output is the same", async () => {
    // Every thread meets a giant piece: each may compute the backtracking data and save it at once.
    const dir = corpus(true);
    const home = tempDir();
    const args = ["estimate", dir, ...MODELS, "--per-file", "-f", "json", "-j", "2"];
    const cold = await llmcost(args, { env: { XDG_CACHE_HOME: home } });
    expect(cold.code).toBe(0);
    expect(cold.stderr).toBe("");
    const [key, ...others] = readdirSync(join(home, "llmcost"));
    expect(others).toEqual([]);
    expect(key).toMatch(/^\d+\.\d+\.\d+[^-]*-[0-9a-f]{12}$/);
    // Both vocabularies and the backtracking data, the validated price list (src/io/pricing-cache.ts),
    // and nothing half-written left behind.
    const cached = readdirSync(join(home, "llmcost", key as string)).sort();
    expect(cached).toEqual(["gemma-3.bin", "o200k_base.backtrack.bin", "o200k_base.bin", "pricing.bin"]);
    const warm = await llmcost(args, { env: { XDG_CACHE_HOME: home } });
    expect(warm).toEqual(cold);
    expect(readdirSync(join(home, "llmcost", key as string)).sort()).toEqual(cached);
  }, 120_000);

  it("are built in memory, silently, when the cache directory cannot be made", async () => {
    const dir = corpus();
    const home = tempDir();
    const notADirectory = join(home, "file");
    writeFileSync(notADirectory, "");
    // o200k_base alone: Gemma 3 is built in memory alike, and takes ~1 s.
    const args = ["estimate", dir, "-m", "gpt-4o", "--per-file", "-f", "json", "-j", "2"];
    const unwritable = await llmcost(args, { env: { XDG_CACHE_HOME: notADirectory } });
    const usual = await llmcost(args);
    expect(unwritable.code).toBe(0);
    expect(unwritable).toEqual(usual);
    expect(readdirSync(home)).toEqual(["file"]);
  }, 120_000);
});
