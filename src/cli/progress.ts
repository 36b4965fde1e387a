// Transitional: progress moved to src/count/ (issue 19, item 1). Kept only while a committed
// cli/diff.ts or cli/diff-revision.ts still imports it from here; delete once nothing does.
export { type Progress, progressLine } from "../count/progress.js";
