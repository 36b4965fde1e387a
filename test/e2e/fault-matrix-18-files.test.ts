// Issue 18, items 1, 9, 12 and part of 21: files llmcost writes (-o, $GITHUB_STEP_SUMMARY, stdout) and
// the files it reads whole that are not inputs (config, pricing, baseline, price lists, ignore files).
// Special files are FIFOs and symbolic links only: no test writes to a device.
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, shell, llmcost as spawned, tempDir } from "./cli.js";
import { expectError, mkfifo } from "./fault-helpers.js";
import { llmcost } from "./in-process.js";

const LITELLM = join(ROOT, "test", "fixtures", "litellm", "small.json");
const IMPORT = ["pricing", "import", "--from", "litellm", LITELLM, "--include-known"];

const dirs: string[] = [];
const temp = () => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A directory with one prompt and a budget config. */
function project(config: string) {
  const dir = temp();
  mkdirSync(join(dir, "prompts"));
  writeFileSync(join(dir, "prompts", "a.md"), "You are a helpful assistant.");
  writeFileSync(join(dir, "llmcost.config.json"), config);
  return dir;
}
const CONFIG = JSON.stringify({
  models: ["gpt-4o"],
  rules: [{ name: "all", paths: ["prompts/**"], maxCost: 1 }],
});

describe("fault matrix round two (issue 18): files written and read", () => {
  it("18.1: -o makes no directory, writes through a symbolic link (creating a missing target), writes a FIFO in place, refuses a link loop", async () => {
    const dir = temp();
    const missing = join(dir, "none", "x.json");
    expectError(
      await llmcost([...IMPORT, "-o", missing]),
      74,
      `${missing}: no such directory: ${join(dir, "none")}`,
    );
    expect(existsSync(join(dir, "none"))).toBe(false);

    // A link is followed: the file it points to is replaced (in its own directory), the link stays.
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "prices.json"), "old");
    symlinkSync(join(dir, "real", "prices.json"), join(dir, "link.json"));
    const viaLink = await llmcost([...IMPORT, "-o", join(dir, "link.json")]);
    expect(viaLink.code).toBe(0);
    expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "real", "prices.json"), "utf8")).provider).toBe("litellm");

    // A link to a file not there yet is followed as `>` would: the file is created, the link stays; a
    // link into a missing directory makes none and names it.
    symlinkSync(join("real", "new.json"), join(dir, "to-new.json"));
    expect((await llmcost([...IMPORT, "-o", join(dir, "to-new.json")])).code).toBe(0);
    expect(lstatSync(join(dir, "to-new.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "real", "new.json"), "utf8")).provider).toBe("litellm");
    symlinkSync(join("gone", "new.json"), join(dir, "to-gone.json"));
    expectError(
      await llmcost([...IMPORT, "-o", join(dir, "to-gone.json")]),
      74,
      `${join(dir, "to-gone.json")}: no such directory: ${join(dir, "gone")}`,
    );
    expect(existsSync(join(dir, "gone"))).toBe(false);

    // A FIFO is written in place, as `>` would, and is still a FIFO afterwards.
    const fifo = join(dir, "fifo");
    await mkfifo(fifo);
    const piped = await shell(
      `cat '${fifo}' > '${join(dir, "from-fifo")}' & '${process.execPath}' '${BIN}' ${IMPORT.map((a) => `'${a}'`).join(" ")} -o '${fifo}'; code=$?; wait; exit $code`,
    );
    expect(piped.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "from-fifo"), "utf8")).provider).toBe("litellm");

    symlinkSync("loop", join(dir, "loop"));
    expectError(
      await llmcost([...IMPORT, "-o", join(dir, "loop")]),
      74,
      `${join(dir, "loop")}: is a symbolic link loop`,
    );
    expectError(await llmcost([...IMPORT, "-o", dir]), 74, `${dir}: is a directory`);
  });

  it("18.9: a closed stdout is 74; an unwritable $GITHUB_STEP_SUMMARY is 74 after the report", async () => {
    const dir = project(CONFIG);
    const file = join(dir, "prompts", "a.md");
    const command = `'${process.execPath}' '${BIN}' estimate '${file}' -m gpt-4o`;
    expectError(await shell(`${command} >&-`), 74, "stdout: cannot write (closed)");
    // The same report into /dev/null, or to a reader that stops early, is a success.
    expect(await shell(`${command} > /dev/null`)).toMatchObject({ code: 0, stderr: "" });
    expect(await shell(`${command} | head -c 1 > /dev/null; exit \${PIPESTATUS[0]}`)).toMatchObject({
      code: 0,
      stderr: "",
    });

    const summary = join(dir, "no-such-dir", "summary.md");
    const env = { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary };
    const failing = `llmcost: $GITHUB_STEP_SUMMARY: cannot append the summary to ${summary} (no such directory)\n`;
    const estimate = await llmcost(["estimate", file, "-m", "gpt-4o", "--max-cost", "1", "-f", "json"], {
      env,
    });
    expect(estimate.code).toBe(74);
    expect(JSON.parse(estimate.stdout).results).toHaveLength(1);
    expect(estimate.stderr).toBe(failing);
    // Over budget too: the failed write beats the verdict, the ::error line is still said.
    const over = await llmcost(["estimate", file, "-m", "gpt-4o", "--max-cost", "0"], { env });
    expect(over.code).toBe(74);
    expect(over.stdout).toContain("gpt-4o");
    expect(over.stderr).toContain("::error title=llmcost budget::");
    expect(over.stderr.endsWith(failing)).toBe(true);
    const check = await llmcost(["check"], { cwd: dir, env });
    expect(check.code).toBe(74);
    expect(check.stdout).toContain("the rule passes");
    expect(check.stderr).toBe(failing);
  });

  it("18.12: a config, pricing file, baseline, price list or ignore file that is not a regular file is refused at once", async () => {
    const dir = temp();
    const fifo = join(dir, "fifo");
    await mkfifo(fifo);
    const input = join(dir, "a.txt");
    writeFileSync(input, "hello");
    const special = `${fifo}: is a pipe, not a regular file`;
    // Spawned: a run that opened a FIFO would block a thread of this process for good.
    // Each of these read the FIFO and waited forever for a writer.
    expectError(await spawned(["check", "--config", fifo]), 65, special);
    expectError(await spawned(["estimate", input, "--pricing", fifo, "-m", "gpt-4o"]), 65, special);
    expectError(
      await spawned(["estimate", input, "-m", "gpt-4o"], { env: { LLMCOST_PRICING: fifo } }),
      65,
      special,
    );
    expectError(
      await spawned(["diff", "--baseline", fifo, input]),
      65,
      `${special} (expected a report saved by llmcost estimate --format json)`,
    );
    expectError(await spawned(["pricing", "import", "--from", "litellm", fifo]), 65, special);
    expectError(await spawned(["pricing", "check", "--against", fifo]), 65, special);

    // An ignore file that cannot be read is an error, never "no rules" (which counted ignored files).
    const repo = temp();
    mkdirSync(join(repo, ".git"));
    writeFileSync(join(repo, "kept.md"), "kept");
    writeFileSync(join(repo, "secret.md"), "ignored");
    symlinkSync("/dev/null", join(repo, ".gitignore"));
    expectError(
      await spawned(["estimate", repo, "-m", "gpt-4o"]),
      65,
      `${join(repo, ".gitignore")}: is a character device, not a regular file`,
    );
    rmSync(join(repo, ".gitignore"));
    await mkfifo(join(repo, ".git", "info-fifo"));
    mkdirSync(join(repo, ".git", "info"));
    symlinkSync(join(repo, ".git", "info-fifo"), join(repo, ".git", "info", "exclude"));
    expectError(
      await spawned(["estimate", repo, "-m", "gpt-4o"]),
      65,
      `${join(repo, ".git", "info", "exclude")}: is a pipe, not a regular file`,
    );

    // A size cap where the format has one: a config is a few rules.
    const big = project(`{"models": ["gpt-4o"], "rules": [], "x": "${"a".repeat(1 << 20)}"}`);
    expectError(
      await spawned(["check"], { cwd: big }),
      65,
      `${join(big, "llmcost.config.json")}: larger than 1 MiB, too large for a config file`,
    );
  });

  it("18.21: a leading BOM is accepted in a config and a baseline; a self-referencing link is a loop", async () => {
    const plain = await llmcost(["check", "-f", "json"], { cwd: project(CONFIG) });
    expect(plain.code).toBe(0);
    const withBom = await llmcost(["check", "-f", "json"], { cwd: project(`\uFEFF${CONFIG}`) });
    expect(withBom).toEqual(plain);

    const dir = temp();
    const input = join(dir, "a.txt");
    writeFileSync(input, "hello there");
    const saved = await llmcost(["estimate", input, "-m", "gpt-4o", "-f", "json"]);
    writeFileSync(join(dir, "base.json"), `\uFEFF${saved.stdout}`);
    const diff = await llmcost(["diff", "--baseline", join(dir, "base.json"), input, "-f", "json"]);
    expect(diff).toMatchObject({ code: 0, stderr: "" });

    symlinkSync("self", join(dir, "self"));
    expectError(
      await llmcost(["estimate", join(dir, "self"), "-m", "gpt-4o"]),
      66,
      `${join(dir, "self")}: symbolic link loop`,
    );
    const walked = await llmcost(["estimate", dir, "--follow", "-m", "gpt-4o", "-f", "json"]);
    expect(walked.code).toBe(0);
    expect(walked.stderr).toContain(`${join(dir, "self")}: skipped: symbolic link loop\n`);
    expectError(
      await llmcost(["check", "--config", join(dir, "self")]),
      66,
      `${join(dir, "self")}: symbolic link loop`,
    );
  });
});
