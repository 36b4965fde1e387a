// Transitional: the counting pipeline moved to src/count/ (issue 19, item 1). Kept only while a
// committed cli/diff.ts still imports it from here; delete once nothing does.
export { countInputs, prepareInputs } from "../count/count-inputs.js";
