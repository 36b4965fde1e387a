import { dataError } from "../errors.js";
import { describeJsonSyntaxError, firstDuplicateKey, jsonPath } from "../pricing/json-path.js";
import { parseScaledDecimal } from "../pricing/money.js";
import { isCalendarDate } from "../pricing/validate.js";
import type { BudgetLimits, RequestRate } from "./budget.js";
import { COST_BOUNDS, type CostBound } from "./cost-bounds.js";

/** One budget rule of `llmcost check`: which files, which models, what limits. */
export interface CheckRule {
  name: string;
  /** Globs, relative to the config file's directory. */
  paths: string[];
  models?: string[];
  limits: BudgetLimits;
  rate?: RequestRate;
  /** A rule whose globs match no file passes only with this (by default it fails: an input must not vanish). */
  allowEmpty: boolean;
  /** Which cost the limits are checked against, as --budget-on (default: the config's, else expected). */
  budgetOn?: CostBound;
}

export interface CheckConfig {
  /** Models for rules that name none. */
  models?: string[];
  outputTokens?: number;
  outputRatio?: string;
  /** Price as of this date (default: today). */
  asOf?: string;
  /** A retired model among the rules' models fails the check (exit 1), as --fail-on-retired. */
  failOnRetired?: boolean;
  /** Which cost every rule's limits are checked against unless the rule says otherwise (--budget-on). */
  budgetOn?: CostBound;
  rules: CheckRule[];
}

const TOP_KEYS = new Set([
  "$schema",
  "models",
  "outputTokens",
  "outputRatio",
  "asOf",
  "failOnRetired",
  "budgetOn",
  "rules",
]);
const RULE_KEYS = new Set([
  "name",
  "paths",
  "models",
  "maxCost",
  "maxTokens",
  "maxCostPerFile",
  "maxContextShare",
  "maxMonthlyCost",
  "requests",
  "per",
  "allowEmpty",
  "budgetOn",
]);

/**
 * Reads `llmcost.config.json` strictly: bad JSON is reported at line:column, and an unknown key, a
 * duplicate key, a wrong type or an impossible value at its path — a budget file that is silently
 * misread would pass a build it should fail.
 */
export function parseCheckConfig(text: string, file: string): CheckConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw dataError(file, describeJsonSyntaxError(text));
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate) throw dataError(file, `${jsonPath(duplicate)}: key given twice`);
  const fail = (path: (string | number)[], reason: string) => dataError(file, `${jsonPath(path)}: ${reason}`);
  const top = object(data, [], fail);
  unknownKeys(top, TOP_KEYS, [], fail);
  const config: CheckConfig = { rules: [] };
  if (top.models !== undefined) config.models = names(top.models, ["models"], fail);
  if (top.outputTokens !== undefined) config.outputTokens = whole(top.outputTokens, ["outputTokens"], fail);
  if (top.outputRatio !== undefined) config.outputRatio = decimal(top.outputRatio, ["outputRatio"], fail, 6);
  if (config.outputTokens !== undefined && config.outputRatio !== undefined)
    throw fail(["outputRatio"], "cannot be combined with outputTokens");
  if (top.asOf !== undefined) {
    if (typeof top.asOf !== "string" || !isCalendarDate(top.asOf))
      throw fail(["asOf"], "expected a date as YYYY-MM-DD");
    config.asOf = top.asOf;
  }
  if (top.failOnRetired !== undefined) {
    if (typeof top.failOnRetired !== "boolean") throw fail(["failOnRetired"], "expected true or false");
    config.failOnRetired = top.failOnRetired;
  }
  if (top.budgetOn !== undefined) config.budgetOn = costBound(top.budgetOn, ["budgetOn"], fail);
  if (!Array.isArray(top.rules) || top.rules.length === 0)
    throw fail(["rules"], "expected a list of at least one rule");
  top.rules.forEach((value, i) => {
    config.rules.push(rule(value, ["rules", i], fail));
  });
  const seen = new Set<string>();
  config.rules.forEach((r, i) => {
    if (seen.has(r.name)) throw fail(["rules", i, "name"], `"${r.name}" names two rules`);
    seen.add(r.name);
  });
  return config;
}

type Fail = (path: (string | number)[], reason: string) => Error;

function rule(value: unknown, at: (string | number)[], fail: Fail): CheckRule {
  const r = object(value, at, fail);
  unknownKeys(r, RULE_KEYS, at, fail);
  if (
    !Array.isArray(r.paths) ||
    r.paths.length === 0 ||
    !r.paths.every((p) => typeof p === "string" && p !== "")
  )
    throw fail([...at, "paths"], 'expected a list of globs such as "prompts/**/*.md"');
  (r.paths as string[]).forEach((glob, i) => {
    if (glob.startsWith("/") || /^[A-Za-z]:/.test(glob) || glob.split(/[\\/]/).includes(".."))
      throw fail([...at, "paths", i], "globs are relative to the config file's directory and stay inside it");
  });
  const money = (key: string) => (r[key] === undefined ? undefined : usd(r[key], [...at, key], fail));
  const limits: BudgetLimits = {
    maxCost: money("maxCost"),
    maxTokens: r.maxTokens === undefined ? undefined : whole(r.maxTokens, [...at, "maxTokens"], fail),
    maxCostPerFile: money("maxCostPerFile"),
    maxMonthlyCost: money("maxMonthlyCost"),
    maxContextShare:
      r.maxContextShare === undefined
        ? undefined
        : share(r.maxContextShare, [...at, "maxContextShare"], fail),
  };
  if (Object.values(limits).every((limit) => limit === undefined))
    throw fail(
      at,
      "a rule needs a limit: maxCost, maxTokens, maxCostPerFile, maxContextShare or maxMonthlyCost",
    );
  let rate: RequestRate | undefined;
  if (r.requests !== undefined || r.per !== undefined) {
    if (r.per !== "day" && r.per !== "month")
      throw fail([...at, "per"], 'expected "day" or "month" with requests');
    rate = { requests: whole(r.requests, [...at, "requests"], fail), per: r.per };
  }
  if (limits.maxMonthlyCost !== undefined && !rate)
    throw fail([...at, "maxMonthlyCost"], "needs a request rate: requests and per");
  if (r.allowEmpty !== undefined && typeof r.allowEmpty !== "boolean")
    throw fail([...at, "allowEmpty"], "expected true or false");
  const name = r.name === undefined ? (r.paths as string[]).join(", ") : r.name;
  if (typeof name !== "string" || name === "") throw fail([...at, "name"], "expected a name");
  return {
    name,
    paths: r.paths as string[],
    ...(r.models === undefined ? {} : { models: names(r.models, [...at, "models"], fail) }),
    limits,
    ...(rate ? { rate } : {}),
    allowEmpty: r.allowEmpty === true,
    ...(r.budgetOn === undefined ? {} : { budgetOn: costBound(r.budgetOn, [...at, "budgetOn"], fail) }),
  };
}

function costBound(value: unknown, at: (string | number)[], fail: Fail): CostBound {
  if (!COST_BOUNDS.includes(value as CostBound)) throw fail(at, 'expected "low", "expected" or "high"');
  return value as CostBound;
}

function object(value: unknown, at: (string | number)[], fail: Fail): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw fail(at, "expected an object");
  return value as Record<string, unknown>;
}

function unknownKeys(
  value: Record<string, unknown>,
  known: ReadonlySet<string>,
  at: (string | number)[],
  fail: Fail,
) {
  for (const key of Object.keys(value)) if (!known.has(key)) throw fail([...at, key], "unknown key");
}

function names(value: unknown, at: (string | number)[], fail: Fail): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && v !== ""))
    throw fail(at, "expected a list of model ids");
  return value as string[];
}

function whole(value: unknown, at: (string | number)[], fail: Fail): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw fail(at, "expected a whole number ≥ 0");
  return value;
}

/** A decimal given as a JSON number or string, kept exact (0.1 is "0.1", not a binary fraction). */
function decimal(value: unknown, at: (string | number)[], fail: Fail, scale: number): string {
  const text = typeof value === "number" && Number.isFinite(value) ? plainDecimal(String(value)) : value;
  if (typeof text !== "string" || parseScaledDecimal(text, scale) === null)
    throw fail(at, `expected a decimal ≥ 0 with at most ${scale} places`);
  return text;
}

function usd(value: unknown, at: (string | number)[], fail: Fail): bigint {
  return parseScaledDecimal(decimal(value, at, fail, 12), 12) as bigint;
}

function share(value: unknown, at: (string | number)[], fail: Fail): bigint {
  const millionths = parseScaledDecimal(decimal(value, at, fail, 6), 6) as bigint;
  if (millionths > 1_000_000n) throw fail(at, "expected a share from 0 to 1");
  return millionths;
}

/**
 * A number's shortest decimal text without an exponent: JSON's 0.0000001 comes back from JavaScript as
 * "1e-7", which is the same value written differently.
 */
function plainDecimal(text: string): string {
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const digits = (match[1] ?? "") + (match[2] ?? "");
  const point = (match[1] ?? "").length + Number(match[3]);
  if (point <= 0) return `0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + "0".repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}
