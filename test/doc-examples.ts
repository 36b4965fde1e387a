// Runs the `$ llmcost …` lines of a doc page's ```console blocks through the CLI in process and puts
// what they print under them, so that a page's examples are checked like the README's recipes.
// A page's test writes the files its examples name into a temporary directory first.
import { run } from "../src/cli/run.js";
import { runInProcess } from "./run-in-process.js";

export interface ExampleRun {
  /** The directory the commands run in (their relative paths are read from it). */
  cwd: string;
  /** How the page shows that directory. */
  shownAs: string;
  env: Record<string, string>;
}

/** The words of a command line (the examples use no quoting); the leading `llmcost` dropped. */
const argvOf = (line: string) => line.trim().split(/\s+/).slice(1);

async function output(command: string, how: ExampleRun): Promise<string> {
  const { stdout, stderr } = await runInProcess(run, argvOf(command), {
    input: "",
    cwd: how.cwd,
    env: how.env,
  });
  return (stdout + stderr).replaceAll(how.cwd, how.shownAs).trimEnd();
}

/** The page with every console block's output as its commands print it now. */
export async function withExampleOutputs(doc: string, how: ExampleRun): Promise<string> {
  let out = "";
  let last = 0;
  for (const block of doc.matchAll(/```console\n([\s\S]*?)```/g)) {
    const commands = (block[1] as string).split("\n").filter((line) => line.startsWith("$ "));
    let body = "";
    for (const command of commands) body += `${command}\n${await output(command.slice(2), how)}\n`;
    out += `${doc.slice(last, block.index)}\`\`\`console\n${body}\`\`\``;
    last = block.index + block[0].length;
  }
  return out + doc.slice(last);
}
