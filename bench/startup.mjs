// Whole-process cold start: wall time from spawn to exit, median of `runs`, commands interleaved so that a
// burst of load elsewhere hits all of them alike. Each peer's minimal script is first-pass.mjs on a one-line
// file: import the library, load o200k_base, count the line, print.
import { spawnSync } from "node:child_process";
import { PEERS, ROOT } from "./peers.mjs";

const FIRST_PASS = new URL("first-pass.mjs", import.meta.url).pathname;

export function startupCommands(oneLineFile) {
  return [
    { name: 'node -e ""', args: ["-e", ""] },
    {
      name: "llmcost CLI",
      cli: true,
      args: [`${ROOT}/bin/llmcost.js`, "estimate", oneLineFile, "-m", "gpt-4o", "--format", "json"],
    },
    { name: "llmcost (library)", args: [FIRST_PASS, "llmcost", "o200k_base", oneLineFile] },
    ...PEERS.map((peer) => ({ name: peer, peer: true, args: [FIRST_PASS, peer, "o200k_base", oneLineFile] })),
  ];
}

export function startup(oneLineFile, runs) {
  const commands = startupCommands(oneLineFile);
  const times = commands.map(() => []);
  // One untimed run each first: llmcost builds its tables on first use and caches them (the run after
  // install is bench/first-use.mjs's row), and the peers' files get into the page cache alike.
  for (const command of commands) spawnSync(process.execPath, command.args, { encoding: "utf8" });
  for (let run = 0; run < runs; run++) {
    commands.forEach((command, index) => {
      const start = performance.now();
      const result = spawnSync(process.execPath, command.args, { encoding: "utf8" });
      times[index].push(performance.now() - start);
      if (result.status !== 0) throw new Error(`${command.name} failed: ${result.stderr}`);
    });
  }
  return commands.map((command, index) => {
    const sorted = times[index].sort((a, b) => a - b);
    return { ...command, ms: sorted[Math.floor(sorted.length / 2)] };
  });
}
