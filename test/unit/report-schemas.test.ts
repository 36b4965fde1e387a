// The JSON Schemas of the reports (issue 20, item 6): every JSON output of every command and option
// that writes one, produced in-process on fixtures, validates against its schema in schema/ — whose
// objects admit no field they do not document, so a field added to a writer without its schema entry
// fails here, naming it. Each schema's `version` is the writer's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { REPORT_VERSION } from "../../src/core/documents/estimate-report.js";
import { SHARD_VERSION } from "../../src/core/documents/shard.js";
import { CHECK_JSON_VERSION } from "../../src/render/check.js";
import { DIFF_JSON_VERSION } from "../../src/render/diff.js";
import { MODELS_JSON_VERSION } from "../../src/render/models.js";
import { REPORT_CASES, ROOT, runCase, type SchemaName } from "./report-cases.js";

const SCHEMA_FILES = {
  "estimate-report": "estimate-report.schema.json",
  "estimate-shard": "estimate-shard.schema.json",
  "diff-report": "diff-report.schema.json",
  "check-report": "check-report.schema.json",
  models: "models.schema.json",
} as const;

const readSchema = (file: string) => JSON.parse(readFileSync(join(ROOT, "schema", file), "utf8"));
const schemas = Object.fromEntries(
  Object.entries(SCHEMA_FILES).map(([name, file]) => [name, readSchema(file)]),
) as Record<keyof typeof SCHEMA_FILES, Record<string, unknown>>;

// strict: an unknown keyword or a misspelt one ("additionalProperty") is an error, not ignored (a
// `required` naming a property defined beside it, in oneOf or through $ref, is allowed).
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
for (const schema of Object.values(schemas)) ajv.addSchema(schema);
const validatorOf = (name: SchemaName): ValidateFunction => {
  const id =
    name === "models-line" ? `${schemas.models.$id as string}#/$defs/line` : (schemas[name].$id as string);
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`no schema ${id}`);
  return validate;
};

/** Ajv's errors as lines naming the field: "/results/0: must NOT have additional property priceOrigin". */
function explain(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => {
      const extra =
        "additionalProperty" in error.params
          ? ` ${error.params.additionalProperty}`
          : "unevaluatedProperty" in error.params
            ? ` ${error.params.unevaluatedProperty}`
            : "";
      return `${error.instancePath || "/"}: ${error.message}${extra}`;
    })
    .join("\n");
}

describe("report schemas", () => {
  const outputs = new Map<string, unknown[]>();
  beforeAll(async () => {
    for (const report of REPORT_CASES) {
      const result = await runCase(report, await report.cwd());
      if (!report.codes.includes(result.code))
        throw new Error(`${report.name}: exit ${result.code}\n${result.stderr}`);
      const documents = report.lines
        ? result.stdout
            .trimEnd()
            .split("\n")
            .map((line) => JSON.parse(line))
        : [JSON.parse(result.stdout)];
      outputs.set(report.name, documents);
    }
  }, 120_000);

  it.each(REPORT_CASES.map((report) => [report.name, report] as const))("%s", (_, report) => {
    const documents = outputs.get(report.name) ?? [];
    expect(documents.length).toBeGreaterThan(0);
    const validate = validatorOf(report.schema);
    for (const document of documents) expect(explain(validate(document) ? [] : validate.errors)).toBe("");
  });

  it("an undocumented field fails, named (at the top, in a row, in a nested object)", () => {
    const [estimate] = outputs.get("estimate json --compare-to") as [Record<string, unknown>];
    const validate = validatorOf("estimate-report");
    const copy = structuredClone(estimate) as {
      results: Record<string, unknown>[];
      inputs: { results: Record<string, unknown>[] }[];
    };
    (copy.results[0] as Record<string, unknown>).priceOriginX = "shipped";
    (copy.inputs[0]?.results[0]?.comparedTo as Record<string, unknown>).factor = 2;
    (copy as unknown as Record<string, unknown>).extra = true;
    expect(validate(copy)).toBe(false);
    expect(explain(validate.errors).split("\n").sort()).toEqual([
      "/: must NOT have additional properties extra",
      "/inputs/0/results/0/comparedTo: must NOT have additional properties factor",
      "/results/0: must NOT have additional properties priceOriginX",
    ]);
    const [listed] = outputs.get("models ID json") as [Record<string, Record<string, unknown>>];
    const model = structuredClone(listed);
    (model.model as Record<string, unknown>).family = "gpt";
    const validateModels = validatorOf("models");
    expect(validateModels(model)).toBe(false);
    expect(explain(validateModels.errors)).toContain("/model: must NOT have unevaluated properties family");
  });

  it("each schema's version is the one its writer writes", () => {
    const versions = {
      "estimate-report": REPORT_VERSION,
      "diff-report": DIFF_JSON_VERSION,
      "check-report": CHECK_JSON_VERSION,
      models: MODELS_JSON_VERSION,
    };
    for (const [name, version] of Object.entries(versions)) {
      const schema = schemas[name as keyof typeof SCHEMA_FILES] as {
        properties: { version: { const: number } };
      };
      expect(schema.properties.version.const, name).toBe(version);
    }
    for (const report of REPORT_CASES.filter((each) => !each.lines))
      for (const document of outputs.get(report.name) ?? [])
        expect((document as { version: number }).version, report.name).toBe(
          versions[report.schema as keyof typeof versions],
        );
    // A shard's version is on its header line, the one `llmcost merge` checks.
    const header = (
      schemas["estimate-shard"].$defs as { header: { properties: { version: { const: number } } } }
    ).header;
    expect(header.properties.version.const).toBe(SHARD_VERSION);
    for (const report of REPORT_CASES.filter((each) => each.schema === "estimate-shard"))
      expect(
        ((outputs.get(report.name) ?? [])[0] as { version?: number } | undefined)?.version,
        report.name,
      ).toBe(SHARD_VERSION);
  });
});

describe("the schema files", () => {
  /** Every `properties` entry anywhere in a schema, with its path. */
  function* propertiesOf(node: unknown, path: string): Generator<[string, Record<string, unknown>]> {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) yield* propertiesOf(item, `${path}/${i}`);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "properties" && typeof value === "object" && value !== null)
        for (const [name, property] of Object.entries(value)) {
          yield [`${path}/properties/${name}`, property as Record<string, unknown>];
          yield* propertiesOf(property, `${path}/properties/${name}`);
        }
      else yield* propertiesOf(value, `${path}/${key}`);
    }
  }

  // The config's schema too: editors show its descriptions as the file is typed.
  it.each([...Object.entries(SCHEMA_FILES), ["config", "llmcost.config.schema.json"]])(
    "%s: draft 2020-12, every property described, every object closed",
    (_, file) => {
      const schema = readSchema(file);
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.$id).toBe(`https://github.com/llmcost/llmcost/schema/${file}`);
      const undescribed = [...propertiesOf(schema, "")]
        .filter(([, property]) => typeof property.description !== "string" || property.description === "")
        .map(([path]) => path);
      expect(undescribed).toEqual([]);
      // An object with properties and no closing keyword would let an undocumented field through.
      // models' modelFields is the one shape shared by $ref: each object using it closes it
      // (unevaluatedProperties false): closed itself, it would refuse the fields each user adds (prices, date).
      const open: string[] = [];
      const visit = (node: unknown, path: string) => {
        if (typeof node !== "object" || node === null) return;
        const record = node as Record<string, unknown>;
        if (
          record.properties &&
          record.additionalProperties !== false &&
          record.unevaluatedProperties !== false &&
          !path.endsWith("/modelFields")
        )
          open.push(path);
        for (const [key, value] of Object.entries(record)) visit(value, `${path}/${key}`);
      };
      visit(schema, "");
      expect(open).toEqual([]);
    },
  );
});
