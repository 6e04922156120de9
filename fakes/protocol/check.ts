/**
 * The schema checks themselves, given the precompiled validators (dist/protocol/validators.cjs,
 * generated at build time by fakes/protocol/build-validators.mjs): notifications and server
 * requests against their method's branch, responses against the request method's response schema
 * when it is known, and the framing facts the schema cannot state (no `jsonrpc` member, `emittedAtMs`
 * on every notification). Pure: no file is read here, so the fake's worker can bundle it.
 */

export interface CompiledValidator {
  (value: unknown): boolean;
  errors?: ReadonlyArray<{ readonly instancePath: string; readonly message?: string; readonly params?: Readonly<Record<string, unknown>> }> | null;
}

/** "notification:<method>", "request:<method>", "response:<method>", "envelope:response", "envelope:error". */
export type ValidatorIndex = Readonly<Record<string, CompiledValidator | undefined>>;

export type ValidationResult = { readonly ok: true } | { readonly ok: false; readonly errors: readonly string[] };

export interface ValidateOptions {
  readonly requestMethod?: string;
}

function check(fn: CompiledValidator, value: unknown): ValidationResult {
  if (fn(value)) return { ok: true };
  const errors = (fn.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params && "allowedValues" in e.params ? ` ${JSON.stringify(e.params["allowedValues"])}` : ""}`);
  return { ok: false, errors };
}

function fail(error: string): ValidationResult {
  return { ok: false, errors: [error] };
}

export function validateWith(index: ValidatorIndex, message: unknown, options: ValidateOptions = {}, version = "0.169.0"): ValidationResult {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return fail("/ must be a JSON object");
  const m = message as Record<string, unknown>;
  if ("jsonrpc" in m) return fail("/jsonrpc must be absent: the app-server omits it on the wire");
  const method = typeof m["method"] === "string" ? m["method"] : undefined;
  if (method !== undefined && "id" in m) {
    const fn = index[`request:${method}`];
    return fn === undefined ? fail(`/method "${method}" is not a server request in codex ${version}`) : check(fn, m);
  }
  if (method !== undefined) {
    if (typeof m["emittedAtMs"] !== "number") return fail("/emittedAtMs must be a number on every notification");
    const fn = index[`notification:${method}`];
    return fn === undefined ? fail(`/method "${method}" is not a server notification in codex ${version}`) : check(fn, m);
  }
  const envelope = index["error" in m ? "envelope:error" : "envelope:response"];
  if (envelope === undefined) return fail("the validators have no JSON-RPC envelope schema");
  const framed = check(envelope, m);
  if (!framed.ok || "error" in m) return framed;
  const fn = options.requestMethod === undefined ? undefined : index[`response:${options.requestMethod}`];
  if (fn === undefined) return framed;
  const result = check(fn, m["result"]);
  return result.ok ? result : { ok: false, errors: result.errors.map((e) => `/result${e === "/ " ? "" : e}`) };
}
