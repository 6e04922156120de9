/**
 * Validates a fault script (parsed JSON) into a FakeCodexScript. Every error names the source (file
 * or "inline JSON"), the field path and what was expected, e.g.
 * `faults.json: rules[0].action.kind: expected one of "error", "exit", …, got "explode"`.
 * Unknown fields are errors too, so a typo cannot silently disable a fault. The checks come from the
 * one declared shape in fakes/schema/fault-script.ts, which also writes the committed JSON Schema
 * (fakes/schema/fault-script.schema.json), so the validator and the schema cannot disagree.
 */
import { checkShape, faultScriptShape, modelScriptShape, type Fail, type Shape } from "../schema/index.ts";
import type { FakeCodexScript, ModelScript } from "./script.ts";

export class FakeCodexScriptError extends Error {
  constructor(
    readonly source: string,
    readonly path: string,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`${source}: ${path || "(root)"}: expected ${expected}, got ${got}`);
    this.name = "FakeCodexScriptError";
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function check(shape: Shape, value: unknown, source: string): void {
  const fail: Fail = (path, expected, got) => {
    throw new FakeCodexScriptError(source, path, expected, describe(got));
  };
  checkShape(shape, value, "", fail);
}

/** A model script on its own (the scripted model, the model API): same checks and messages as `model` in a fault script. */
export function validateModelScript(value: unknown, source: string): ModelScript {
  check(modelScriptShape, value, source);
  return value as ModelScript;
}

/** Checks `value` and returns it typed; throws FakeCodexScriptError naming `source`, the path and what was expected. */
export function validateFakeCodexScript(value: unknown, source: string): FakeCodexScript {
  check(faultScriptShape, value, source);
  return value as FakeCodexScript;
}

/** Parses and validates a script given inline (starts with `{`) or as JSON text read from `source`. */
export function parseFakeCodexScript(text: string, source: string): FakeCodexScript {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FakeCodexScriptError(source, "", "valid JSON", error instanceof Error ? error.message : String(error));
  }
  return validateFakeCodexScript(value, source);
}
