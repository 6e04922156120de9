/**
 * Validation against the committed schemas in reports/schema/ (ajv). Errors read like
 * `/core/verdict: must be equal to one of the allowed values (pass, fail, …)`, one per problem.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { REPO_ROOT } from "./normalize-paths.ts";

export const SCHEMA_DIR = join(REPO_ROOT, "reports", "schema");

export type ValidationResult = { readonly ok: true } | { readonly ok: false; readonly errors: readonly string[] };

export class SchemaValidationError extends Error {
  override readonly name = "SchemaValidationError";
  readonly errors: readonly string[];
  constructor(what: string, errors: readonly string[]) {
    super(`${what} does not match its schema:\n  ${errors.join("\n  ")}`);
    this.errors = errors;
  }
}

type Kind = "report" | "summary" | "ctrf";

let validators: Record<Kind, ValidateFunction> | undefined;

export function validateReport(json: unknown): ValidationResult {
  return run("report", json);
}

export function validateSummary(json: unknown): ValidationResult {
  return run("summary", json);
}

export function validateCtrf(json: unknown): ValidationResult {
  return run("ctrf", json);
}

/** Throws a SchemaValidationError naming `what` (e.g. a file) when `json` is not valid. */
export function assertValid(kind: Kind, json: unknown, what: string): void {
  const result = run(kind, json);
  if (!result.ok) throw new SchemaValidationError(what, result.errors);
}

function run(kind: Kind, json: unknown): ValidationResult {
  const validate = compiled()[kind];
  if (validate(json)) return { ok: true };
  return { ok: false, errors: (validate.errors ?? []).map(describe) };
}

function compiled(): Record<Kind, ValidateFunction> {
  if (validators !== undefined) return validators;
  const ajv2020 = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajv2020.addSchema(loadSchema("proof-report.v1.json"));
  ajv2020.addSchema(loadSchema("summary.v1.json"));
  const ajv07 = new Ajv({ allErrors: true, strict: true });
  validators = {
    report: requireSchema(ajv2020.getSchema("https://codex-lifecycle-proof.local/schema/proof-report.v1.json")),
    summary: requireSchema(ajv2020.getSchema("https://codex-lifecycle-proof.local/schema/summary.v1.json")),
    ctrf: ajv07.compile(loadSchema("ctrf.v0.json")),
  };
  return validators;
}

function loadSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, file), "utf8")) as Record<string, unknown>;
}

function requireSchema(fn: ValidateFunction | undefined): ValidateFunction {
  if (fn === undefined) throw new Error("schema missing from reports/schema/ (check its $id)");
  return fn;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === "" ? "/" : error.instancePath;
  const params = error.params as Record<string, unknown>;
  const detail =
    Array.isArray(params["allowedValues"])
      ? ` (${(params["allowedValues"] as unknown[]).map(String).join(", ")})`
      : typeof params["additionalProperty"] === "string"
        ? ` ("${params["additionalProperty"]}")`
        : "";
  return `${where}: ${error.message ?? error.keyword}${detail}`;
}
