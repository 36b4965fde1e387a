// What the action's scripts share: reading inputs, writing step outputs, saying errors the way the runner
// shows them. Node built-ins only: the action runs these files as they are in the repository, unbuilt.
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";

/** An input as action.yml hands it to a step (env INPUT_<NAME>, `-` as `_`), trimmed; "" when unset. */
export function input(name) {
  return (process.env[`INPUT_${name.replaceAll("-", "_").toUpperCase()}`] ?? "").trim();
}

/** A true/false input; anything else is a usage error naming it. */
export function booleanInput(name) {
  const value = input(name).toLowerCase();
  if (value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new ActionError(`input ${name}: expected true or false, got "${input(name)}"`);
}

/** An error the action reports as one line (an `::error::` annotation), without a stack trace. */
export class ActionError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/**
 * Writes step outputs to $GITHUB_OUTPUT, each in the multi-line form (`name<<DELIMITER`) with a random
 * delimiter, so no value (a path, JSON) can end its entry early or forge another output.
 */
export function setOutputs(outputs) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) throw new ActionError("GITHUB_OUTPUT is not set: is this running as a GitHub Actions step?");
  let text = "";
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `llmcost_${randomBytes(12).toString("hex")}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  appendFileSync(file, text, "utf8");
}

/** A workflow command's message, escaped as GitHub's toolkit escapes it (`%`, CR, LF). */
export const escapeData = (text) =>
  String(text).replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");

/** Runs `main`; an ActionError becomes one `::error::` line and its exit code, anything else a bug report. */
export async function runStep(name, main) {
  try {
    // llmcost needs Node 20 (package.json engines); so do the global fetch and AbortSignal.timeout here.
    const major = Number(process.versions.node.split(".")[0]);
    if (major < 20)
      throw new ActionError(
        `needs Node.js 20 or later, and this runner has ${process.version}: add actions/setup-node before this step`,
      );
    await main();
  } catch (error) {
    if (error instanceof ActionError) {
      process.stdout.write(`::error title=llmcost action::${escapeData(`${name}: ${error.message}`)}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stdout.write(`::error title=llmcost action::${escapeData(`${name}: internal error`)}\n`);
      process.stderr.write(`${error?.stack ?? error}\n`);
      process.exitCode = 70;
    }
  }
}
