import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeCodexScriptError, validateFakeCodexScript, validateModelScript } from "../app-server/validate-script.ts";
import { FAULT_SCRIPT_SCHEMA_FILE, FAULT_SCRIPT_SCHEMA_ID, faultScriptJsonSchema } from "./fault-script-schema.ts";
import { crossedScript, editedScript, wellFormedScript } from "./script-arbitraries.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLES = join(ROOT, "fakes/schema/examples");
/** Where a consumer of the package finds the schema, relative to its project root. */
const PACKAGE_PATH = "./node_modules/codex-lifecycle-proof/dist/fakes/schema/fault-script.schema.json";

const committed = readFileSync(FAULT_SCRIPT_SCHEMA_FILE, "utf8");
const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addSchema(JSON.parse(committed) as object);
const schemaAccepts = (value: unknown): boolean => ajv.validate(FAULT_SCRIPT_SCHEMA_ID, value);
const modelAccepts = (value: unknown): boolean => ajv.validate({ $ref: `${FAULT_SCRIPT_SCHEMA_ID}#/$defs/modelResponse` }, value);

function validatorAccepts(value: unknown): boolean {
  try {
    validateFakeCodexScript(value, "f.json");
    return true;
  } catch (error) {
    if (!(error instanceof FakeCodexScriptError)) throw error;
    expect(error.message).toMatch(/^f\.json: \S[^\n]*: expected [^\n]+, got [^\n]+$/);
    return false;
  }
}

/** The fault scripts the docs show: ```json blocks and the inline `FAKE_CODEX_SCRIPT=` / `--script` ones. */
function docExamples(file: string): { blocks: unknown[]; inline: unknown[] } {
  const text = readFileSync(join(ROOT, file), "utf8");
  const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? "") as unknown);
  const inline = [...text.matchAll(/(?:FAKE_CODEX_SCRIPT=|--script )'(\{[^']*\})'/g)].map((m) => JSON.parse(m[1] ?? "") as unknown);
  return { blocks, inline };
}

describe("the fault-script JSON Schema", () => {
  it("is committed as the definition emits it (pnpm fault-script:schema rewrites it)", () => {
    expect(committed, "fakes/schema/fault-script.schema.json is stale: run `pnpm fault-script:schema`").toBe(faultScriptJsonSchema());
  });

  it("is a draft 2020-12 schema with a stable $id that ajv compiles in strict mode", () => {
    const schema = JSON.parse(committed) as Record<string, unknown>;
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema["$id"]).toBe(FAULT_SCRIPT_SCHEMA_ID);
    expect(Object.keys(schema["$defs"] as object)).toEqual(["action", "model", "modelOutput", "modelResponse", "modelTurn", "rule", "trigger"]);
  });

  it("ships in the package under the path the docs give and the export `codex-lifecycle-proof/fault-script.schema.json`", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, unknown> };
    expect(`./node_modules/codex-lifecycle-proof/${String(manifest.exports["./fault-script.schema.json"]).replace(/^\.\//, "")}`).toBe(PACKAGE_PATH);
    expect(PACKAGE_PATH.endsWith(`dist/${FAULT_SCRIPT_SCHEMA_FILE.slice(ROOT.length)}`)).toBe(true);
  });

  it("accepts and rejects exactly the scripts the validator does (generated and edited scripts)", () => {
    const tally = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.oneof(wellFormedScript, editedScript, editedScript, crossedScript), (value) => {
        const json = JSON.parse(JSON.stringify(value)) as unknown;
        const verdict = validatorAccepts(json);
        expect(schemaAccepts(json), `validator ${verdict ? "accepts" : "rejects"} ${JSON.stringify(json)}`).toBe(verdict);
        tally[verdict ? "accepted" : "rejected"]++;
      }),
      { numRuns: 3_000, seed: 20261202 },
    );
    console.log(`schema agreement: ${tally.accepted} accepted, ${tally.rejected} rejected by both`);
    // Both answers are exercised, each often: the agreement is not vacuous.
    expect(tally.accepted).toBeGreaterThan(800);
    expect(tally.rejected).toBeGreaterThan(800);
  });

  it("agrees on the rules that tie a rule's trigger to its action", () => {
    const cases = [
      { when: { afterEvent: 1 }, action: { kind: "error", code: 1, message: "x" } },
      { when: { afterEvent: 1 }, action: { kind: "closeStdin" } },
      { when: { afterNotification: 1 }, action: { kind: "delay", ms: 1 } },
      { when: { method: "thread/start" }, action: { kind: "model", response: {} } },
      { when: { start: true, method: "x" }, action: { kind: "stall" } },
      { when: { turn: 1 }, action: { kind: "stall" } },
      { when: { method: "turn/start" }, action: { kind: "model", response: [] } },
    ];
    for (const rule of cases) expect([validatorAccepts({ rules: [rule] }), schemaAccepts({ rules: [rule] })], JSON.stringify(rule)).toEqual([false, false]);
    const fine = [
      { when: { afterEvent: 2, event: "item.completed" }, action: { kind: "exit", signal: null } },
      { when: { method: "turn/start", turn: 0 }, action: { kind: "model", response: [{ http: { status: 401 } }] } },
      { when: { method: "x" }, action: { kind: "error", code: -32600, message: "m", data: { any: ["thing"] } } },
    ];
    for (const rule of fine) expect([validatorAccepts({ rules: [rule] }), schemaAccepts({ rules: [rule] })], JSON.stringify(rule)).toEqual([true, true]);
  });

  it("takes `$schema` as a string only", () => {
    expect(validatorAccepts({ $schema: "./fault-script.schema.json" })).toBe(true);
    expect(() => validateFakeCodexScript({ $schema: 1 }, "f.json")).toThrow("f.json: $schema: expected a string, got 1");
    expect(schemaAccepts({ $schema: 1 })).toBe(false);
  });

  it("names an action kind that is an Object.prototype member like any unknown kind", () => {
    expect(() => validateFakeCodexScript({ rules: [{ when: { start: true }, action: { kind: "toString" } }] }, "f.json")).toThrow(
      'f.json: rules[0].action.kind: expected one of "error", "exit", "stall", "malformed", "closeStdin", "delay", "stderr", "model", got "toString"',
    );
  });
});

describe("the example fault scripts", () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"));

  it.each(files)("fakes/schema/examples/%s validates against the schema and the validator and points at the schema", (file) => {
    const value = JSON.parse(readFileSync(join(EXAMPLES, file), "utf8")) as { $schema?: string };
    expect(resolve(dirname(join(EXAMPLES, file)), value.$schema ?? "")).toBe(FAULT_SCRIPT_SCHEMA_FILE);
    expect(schemaAccepts(value), JSON.stringify(ajv.errors)).toBe(true);
    expect(validatorAccepts(value)).toBe(true);
  });

  it("in fakes/README.md: every whole script names the packaged schema; every fragment is a valid model response", () => {
    const { blocks, inline } = docExamples("fakes/README.md");
    const scripts: unknown[] = blocks.filter((b) => typeof b === "object" && b !== null && "$schema" in b);
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const script of scripts) {
      expect((script as { $schema: string }).$schema).toBe(PACKAGE_PATH);
      expect([schemaAccepts(script), validatorAccepts(script)], JSON.stringify(script)).toEqual([true, true]);
    }
    for (const fragment of blocks.filter((b) => !scripts.includes(b))) {
      expect(modelAccepts(fragment), JSON.stringify(fragment)).toBe(true);
      expect(() => validateModelScript({ turns: [fragment] }, "fakes/README.md")).not.toThrow();
    }
    for (const script of inline) expect([schemaAccepts(script), validatorAccepts(script)], JSON.stringify(script)).toEqual([true, true]);
  });

  it("in the live lane's recorded cases (scenarios/live/golden/): every model script validates as `$defs/model`", () => {
    const dir = join(ROOT, "scenarios/live/golden");
    const models = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => [f, (JSON.parse(readFileSync(join(dir, f), "utf8")) as { case: { model?: unknown } }).case.model] as const);
    expect(models.filter(([, m]) => m !== undefined).length).toBeGreaterThan(0);
    for (const [file, model] of models.filter(([, m]) => m !== undefined)) {
      expect(ajv.validate({ $ref: `${FAULT_SCRIPT_SCHEMA_ID}#/$defs/model` }, model), file).toBe(true);
      expect(() => validateModelScript(model, file)).not.toThrow();
    }
  });

  it.each(["README.md", "harness/blackbox/README.md"])("in %s: every inline script validates", (file) => {
    const { inline } = docExamples(file);
    expect(inline.length).toBeGreaterThan(0);
    for (const script of inline) expect([schemaAccepts(script), validatorAccepts(script)], JSON.stringify(script)).toEqual([true, true]);
  });
});
