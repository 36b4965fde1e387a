// The action's last step: fails the job on a failing verdict, once the summary and the comment are out.
// (llmcost's own ::error annotations, written in the run step, say what failed.)
import { ActionError, input, runStep } from "./github.mjs";

await runStep("verdict", async () => {
  const verdict = process.env.LLMCOST_VERDICT;
  const command = input("command");
  if (verdict === "pass") {
    process.stdout.write(`llmcost ${command}: pass\n`);
    return;
  }
  if (verdict !== "fail") throw new ActionError(`no verdict from the run step (got "${verdict ?? ""}")`, 70);
  const failed = process.env.LLMCOST_FAILED ?? "";
  const what = command === "check" ? "rule" : "model";
  const count =
    failed === "" || failed === "0" ? "" : ` (${failed} ${what}${failed === "1" ? "" : "s"} failed)`;
  throw new ActionError(`llmcost ${command} failed${count}: see the report in the job summary`);
});
