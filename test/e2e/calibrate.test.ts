import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { llmcost as spawned, tempDir } from "./cli.js";
import { type FakeCountServer, prose, startFakeCountServer } from "./fake-count-server.js";
import { llmcost } from "./in-process.js";

let server: FakeCountServer;
let home = "";

beforeAll(async () => {
  server = await startFakeCountServer();
  home = tempDir();
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

describe("llmcost calibrate, built (in process, and spawned where the process matters)", () => {
  it("saves a profile that estimate applies the same on one thread and on worker threads", async () => {
    mkdirSync(join(home, ".config"));
    const corpus = join(home, "corpus");
    mkdirSync(corpus);
    for (let seed = 1; seed <= 6; seed++) writeFileSync(join(corpus, `part-${seed}.md`), prose(seed, 5000));
    writeFileSync(join(corpus, "notes.txt"), prose(40, 3000));
    const env = { HOME: home, ANTHROPIC_API_KEY: "a-key", ANTHROPIC_BASE_URL: server.base };
    const calibrate = await llmcost(["calibrate", corpus, "-m", "claude-sonnet-4-6", "-f", "json"], { env });
    expect(calibrate.code).toBe(0);
    expect(calibrate.stderr).toMatch(
      /^llmcost: calibrate: sending \d+ requests to http:\/\/127\.0\.0\.1:\d+\//,
    );
    const profile = JSON.parse(calibrate.stdout);
    expect(profile.profilePath).toBe(
      join(home, ".config", "llmcost", "calibration", `${profile.tokenizer}.json`),
    );

    const args = ["estimate", corpus, "-m", "claude-sonnet-4-6,gpt-4o", "-f", "json", "--per-file"];
    const one = await llmcost([...args, "-j", "1"], { env });
    const two = await llmcost([...args, "-j", "2"], { env });
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const claude = JSON.parse(one.stdout).results.find(
      (r: { model: string }) => r.model === "claude-sonnet-4-6",
    );
    expect(claude.calibratedWith).toMatchObject({ profile: profile.profilePath, samples: profile.samples });
    const plain = await llmcost([...args, "-j", "2", "--no-calibration"], { env });
    const unscaled = JSON.parse(plain.stdout).results.find(
      (r: { model: string }) => r.model === "claude-sonnet-4-6",
    );
    expect(unscaled.calibratedWith).toBeNull();
    expect(unscaled.inputTokens).not.toBe(claude.inputTokens);
  });

  // The wait before a retry is the only thing keeping the process alive: an unref'd timer let Node end
  // the run with exit 13 and nothing on stderr.
  it("waits out a 429's retry-after and a 503 in the real process, then succeeds", async () => {
    const dir = join(home, "retry");
    mkdirSync(join(dir, ".config"), { recursive: true });
    writeFileSync(join(dir, "a.md"), prose(7, 3000));
    server.replies.push(
      { status: 429, headers: { "retry-after": "1" }, body: "{}" },
      { status: 503, body: "{}" },
    );
    const env = { HOME: dir, ANTHROPIC_API_KEY: "a-key", ANTHROPIC_BASE_URL: server.base };
    // Spawned: in this process vitest's own handles would keep it alive.
    const run = await spawned(
      ["calibrate", join(dir, "a.md"), "-m", "claude-sonnet-4-6", "--max-requests", "2"],
      {
        env,
      },
    );
    expect([run.code, run.allStderr]).toEqual([0, expect.stringContaining("sending")]);
    expect(run.stdout).toContain("Saved");
  });
});
