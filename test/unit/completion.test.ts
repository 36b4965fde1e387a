// `llmcost completion bash|zsh|fish` (issue 20, item 4): scripts written from the commands' options,
// checked against what each command's --help lists (so an option added anywhere must be completed),
// by the shells' own syntax checks, and by asking bash and fish for completions (real shells: spawned).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODELS } from "../../src/core/default-models.js";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

/** The commands, each with the flags its --help lists (found from the help, subcommands included). */
async function commandsFromHelp(): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const visit = async (path: string[]) => {
    const { stdout } = await runCli([...path, "--help"]);
    const flags = [...stdout.matchAll(/^ {2}(-[^\s,]+)(?:, (--[^\s,]+))?/gm)].flatMap((match) =>
      [match[1], match[2]].filter((flag): flag is string => flag !== undefined),
    );
    found.set(path.join(" "), flags);
    const commands = stdout.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? "";
    for (const [, name] of commands.matchAll(/^ {2}(\S+)/gm))
      if (name !== undefined && name !== "help") await visit([...path, name]);
  };
  await visit([]);
  return found;
}

const commands = await commandsFromHelp();
const scripts = {
  bash: (await runCli(["completion", "bash"])).stdout,
  zsh: (await runCli(["completion", "zsh"])).stdout,
  fish: (await runCli(["completion", "fish"])).stdout,
};
const dir = tempDir();
const files = Object.fromEntries(
  Object.entries(scripts).map(([shell, text]) => {
    const file = join(dir, shell === "zsh" ? "_llmcost" : `llmcost.${shell}`);
    writeFileSync(file, text);
    return [shell, file];
  }),
) as Record<keyof typeof scripts, string>;

const installed = (shell: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${shell}`], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
};

/** The part of a bash or zsh script that completes one command: its `case` branch. */
const branch = (script: string, path: string) => {
  const start = script.indexOf(`\n    '${path}')\n`);
  return start < 0 ? "" : script.slice(start, script.indexOf("\n      ;;", start));
};

describe("llmcost completion", () => {
  it("finds the commands it must complete", () => {
    expect([...commands.keys()]).toEqual(
      expect.arrayContaining([
        "",
        "estimate",
        "check",
        "pricing",
        "pricing import",
        "pricing check",
        "completion",
      ]),
    );
    expect(commands.get("estimate")).toEqual(expect.arrayContaining(["-m", "--model", "--max-cost", "-f"]));
  });

  it.each(["bash", "zsh"] as const)("%s: each command completes every flag its --help lists", (shell) => {
    for (const [path, flags] of commands) {
      const part = branch(scripts[shell], path);
      expect(part, `${shell}: ${path}`).not.toBe("");
      for (const flag of flags)
        expect(part, `${shell}: ${path} ${flag}`).toMatch(new RegExp(`[ '|(]${flag}[ ':|)]`));
    }
  });

  it("fish: each command completes every flag its --help lists", () => {
    for (const [path, flags] of commands) {
      const lines = scripts.fish.split("\n").filter((line) => line.includes(`'__llmcost_at \\'${path}\\''`));
      expect(lines.length, path).toBeGreaterThan(0);
      for (const flag of flags) {
        const option = flag.startsWith("--") ? `-l ${flag.slice(2)} ` : `-s ${flag.slice(1)} `;
        expect(lines.join("\n"), `fish: ${path} ${flag}`).toContain(option);
      }
    }
  });

  it.each(["bash", "zsh", "fish"] as const)("%s: offers every command and subcommand by name", (shell) => {
    for (const path of commands.keys())
      for (const name of path.split(" ").filter(Boolean))
        expect(scripts[shell], `${shell}: ${path}`).toContain(name);
    expect(scripts[shell]).toContain("completion");
  });

  it.each(["bash", "zsh", "fish"] as const)(
    "%s: model names on sale, from the catalogue, not retired ones",
    (shell) => {
      for (const model of DEFAULT_MODELS)
        expect(scripts[shell], model).toMatch(new RegExp(`[ '(]${model}[ ')\\n]`));
      // Retired on the run's date (see examples-on-sale.test.ts), so not offered.
      expect(scripts[shell]).not.toMatch(/[ '(]gpt-4-turbo[ ')\n]/);
    },
  );

  it("an unknown shell is a usage error naming it, with nothing on stdout", async () => {
    const result = await runCli(["completion", "powershell"]);
    expect(result).toEqual({
      code: 64,
      stdout: "",
      stderr: "llmcost: powershell: unknown shell; expected one of bash, zsh, fish\n",
    });
    expect((await runCli(["completion"])).code).toBe(64);
  });

  it("bash -n accepts the bash script", () => {
    expect(() => execFileSync("bash", ["-n", files.bash], { stdio: "pipe" })).not.toThrow();
  });

  it.skipIf(!installed("zsh"))("zsh -n accepts the zsh script, which starts #compdef llmcost", () => {
    expect(scripts.zsh.startsWith("#compdef llmcost\n")).toBe(true);
    expect(() => execFileSync("zsh", ["-n", files.zsh], { stdio: "pipe" })).not.toThrow();
  });

  it.skipIf(!installed("fish"))("fish --no-execute accepts the fish script", () => {
    expect(() => execFileSync("fish", ["--no-execute", files.fish], { stdio: "pipe" })).not.toThrow();
  });

  it("a syntax check fails on a broken script (the checks can fail)", () => {
    const broken = join(dir, "broken.bash");
    writeFileSync(broken, scripts.bash.replace("esac\n}", "}"));
    expect(() => execFileSync("bash", ["-n", broken], { stdio: "pipe" })).toThrow();
  });
});

/** What bash's completion offers for the words typed (the last one being completed), in `cwd`. */
function bashCompletes(typed: string[], cwd = dir): string[] {
  const words = typed.map((word) => `'${word}'`).join(" ");
  const script = `source '${files.bash}'; COMP_WORDS=(${words}); COMP_CWORD=${typed.length - 1}; _llmcost; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync("bash", ["-c", script], { cwd, encoding: "utf8" }).split("\n").filter(Boolean).sort();
}

describe("bash completes", () => {
  it("commands, subcommands and the shells", () => {
    expect(bashCompletes(["llmcost", "est"])).toEqual(["estimate"]);
    expect(bashCompletes(["llmcost", "pricing", ""])).toEqual(["check", "help", "import", "update"]);
    expect(bashCompletes(["llmcost", "completion", ""])).toEqual(["bash", "fish", "zsh"]);
  });

  it("a command's flags, and not another's", () => {
    expect(bashCompletes(["llmcost", "estimate", "--fo"])).toEqual(["--follow", "--format"]);
    expect(bashCompletes(["llmcost", "pricing", "check", "--ag"])).toEqual(["--against"]);
    expect(bashCompletes(["llmcost", "check", "--ag"])).toEqual([]);
  });

  it("fixed values, after a space or an =", () => {
    expect(bashCompletes(["llmcost", "estimate", "-f", ""])).toEqual([
      "csv",
      "json",
      "jsonl",
      "markdown",
      "table",
    ]);
    expect(bashCompletes(["llmcost", "check", "--format", "=", "j"])).toEqual(["json"]);
  });

  it("model ids for -m, one after another, and for models ID", () => {
    expect(bashCompletes(["llmcost", "estimate", "-m", "gpt-6-s"])).toEqual(["gpt-6-sol"]);
    expect(bashCompletes(["llmcost", "diff", "--model", "gpt-6-sol,claude-sonnet-5-"])).toEqual([
      "gpt-6-sol,claude-sonnet-5-5",
    ]);
    expect(bashCompletes(["llmcost", "models", "claude-sonnet-5-"])).toEqual(["claude-sonnet-5-5"]);
  });

  it("paths for a file option and for operands", () => {
    const here = tempDir();
    writeFileSync(join(here, "prices.json"), "{}");
    expect(bashCompletes(["llmcost", "estimate", "--pricing", "pri"], here)).toEqual(["prices.json"]);
    expect(bashCompletes(["llmcost", "tokenize", "pr"], here)).toEqual(["prices.json"]);
  });
});

describe.skipIf(!installed("fish"))("fish completes", () => {
  const fishCompletes = (line: string, cwd = dir) =>
    execFileSync("fish", ["--no-config", "-c", `source '${files.fish}'; complete -C '${line}'`], {
      cwd,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean)
      .map((entry) => entry.split("\t")[0])
      .sort();

  it("commands, flags and values", () => {
    expect(fishCompletes("llmcost est")).toEqual(["estimate"]);
    expect(fishCompletes("llmcost pricing ")).toEqual(["check", "help", "import", "update"]);
    expect(fishCompletes("llmcost estimate --fo")).toEqual(["--follow", "--format"]);
    expect(fishCompletes("llmcost estimate -f ")).toEqual(["csv", "json", "jsonl", "markdown", "table"]);
    expect(fishCompletes("llmcost estimate -m gpt-6-s")).toEqual(["gpt-6-sol"]);
    expect(fishCompletes("llmcost pricing check --ag")).toEqual(["--against"]);
  });

  it("paths where a path is expected, and only there", () => {
    const here = tempDir();
    writeFileSync(join(here, "zq-prices.json"), "{}");
    expect(fishCompletes("llmcost tokenize zq", here)).toEqual(["zq-prices.json"]);
    expect(fishCompletes("llmcost estimate --pricing zq", here)).toEqual(["zq-prices.json"]);
    // models takes a model id, and --as-of a date: no file is offered (fish also matches within words).
    expect(fishCompletes("llmcost models zq", here)).toEqual([]);
    expect(fishCompletes("llmcost estimate --as-of zq", here)).toEqual([]);
  });
});

/**
 * zsh completes only inside its line editor, so its script is run with the completion builtins
 * replaced by functions that print what they are given: what is offered, before zsh filters it by
 * the prefix typed.
 */
const ZSH_STUBS = `
compdef() { :; }
compset() { return 1; }
_files() { print -- "<files>"; }
_message() { print -- "<message>"; }
_describe() { local entry; for entry in "\${(@P)\${@[-1]}}"; do print -- "\${entry%%:*}"; done; }
compadd() {
  if [[ $1 == -a ]]; then print -l -- "\${(@P)2}"; return; fi
  [[ $1 == -- ]] && shift
  print -l -- "$@"
}
`;

describe.skipIf(!installed("zsh"))("zsh offers", () => {
  const zshOffers = (...typed: string[]) => {
    const script = `${ZSH_STUBS}\nsource '${files.zsh}'\nwords=("$@"); CURRENT=$#\n_llmcost`;
    return execFileSync("zsh", ["-f", "-c", script, "zsh", ...typed], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .sort();
  };

  it("commands, subcommands, flags and values", () => {
    expect(zshOffers("llmcost", "pricing", "")).toEqual(["check", "help", "import", "update"]);
    expect(zshOffers("llmcost", "completion", "")).toEqual(["bash", "fish", "zsh"]);
    expect(zshOffers("llmcost", "estimate", "--fo")).toEqual(
      expect.arrayContaining(["--format", "-m", "--model"]),
    );
    expect(zshOffers("llmcost", "estimate", "--fo")).not.toContain("--against");
    expect(zshOffers("llmcost", "estimate", "-f", "")).toEqual(["csv", "json", "jsonl", "markdown", "table"]);
    expect(zshOffers("llmcost", "check", "--format=j")).toEqual(["json", "markdown", "table"]);
    expect(zshOffers("llmcost", "estimate", "-m", "gpt")).toEqual(
      expect.arrayContaining([...DEFAULT_MODELS].sort()),
    );
    expect(zshOffers("llmcost", "estimate", "--pricing", "")).toEqual(["<files>"]);
    expect(zshOffers("llmcost", "estimate", "--as-of", "")).toEqual(["<message>"]);
  });
});
