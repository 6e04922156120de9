/**
 * Validates a fault script (parsed JSON) into a FakeCodexScript. Every error names the source (file
 * or "inline JSON"), the field path and what was expected, e.g.
 * `faults.json: rules[0].action.kind: expected one of "error", "exit", …, got "explode"`.
 * Unknown fields are errors too, so a typo cannot silently disable a fault.
 */
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

type Obj = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

class Checker {
  constructor(private readonly source: string) {}

  fail(path: string, expected: string, got: unknown): never {
    throw new FakeCodexScriptError(this.source, path, expected, describe(got));
  }

  object(value: unknown, path: string, allowed: readonly string[]): Obj {
    if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail(path, "an object", value);
    const obj = value as Obj;
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.fail(join(path, key), `no such field (allowed: ${allowed.join(", ")})`, obj[key]);
    }
    return obj;
  }

  array(value: unknown, path: string, options: { nonEmpty?: boolean } = {}): unknown[] {
    if (!Array.isArray(value) || (options.nonEmpty === true && value.length === 0)) this.fail(path, options.nonEmpty ? "a non-empty array" : "an array", value);
    return value;
  }

  int(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in ${min}..${max}`, value);
    }
  }

  string(value: unknown, path: string): void {
    if (typeof value !== "string") this.fail(path, "a string", value);
  }

  oneOf(value: unknown, path: string, options: readonly unknown[]): void {
    if (!options.includes(value)) this.fail(path, `one of ${options.map((o) => JSON.stringify(o)).join(", ")}`, value);
  }

  optional(obj: Obj, key: string, path: string, check: (value: unknown, path: string) => void): void {
    if (obj[key] !== undefined) check(obj[key], join(path, key));
  }
}

function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

const PHASES = ["commentary", "partial_answer", "final_answer", null];
const ACTION_KINDS = ["error", "exit", "stall", "malformed", "closeStdin", "delay", "stderr", "model"];
const ACTION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  error: ["code", "message", "data"],
  exit: ["code", "signal"],
  stall: [],
  malformed: ["line"],
  closeStdin: [],
  delay: ["ms"],
  stderr: ["text"],
  model: ["response"],
};

function checkOutput(c: Checker, value: unknown, path: string): void {
  const kind = (value as Obj | null)?.["type"];
  if (kind === "message") {
    const o = c.object(value, path, ["type", "phase", "deltas", "done"]);
    c.optional(o, "phase", path, (v, p) => c.oneOf(v, p, PHASES));
    c.array(o["deltas"], join(path, "deltas")).forEach((d, i) => c.string(d, join(join(path, "deltas"), i)));
    c.optional(o, "done", path, (v, p) => c.oneOf(v, p, [true, false]));
  } else if (kind === "exec_command") {
    const o = c.object(value, path, ["type", "cmd", "callId", "output"]);
    c.string(o["cmd"], join(path, "cmd"));
    c.optional(o, "callId", path, (v, p) => c.string(v, p));
    c.optional(o, "output", path, (v, p) => c.string(v, p));
  } else c.fail(join(path, "type"), 'one of "message", "exec_command"', kind);
}

function checkResponse(c: Checker, value: unknown, path: string): void {
  if (typeof value === "object" && value !== null && "http" in value) {
    const http = c.object(c.object(value, path, ["http"])["http"], join(path, "http"), ["status", "message", "type", "code"]);
    c.int(http["status"], join(path, "http.status"), 100, 599);
    for (const key of ["message", "type", "code"]) c.optional(http, key, join(path, "http"), (v, p) => c.string(v, p));
    return;
  }
  const o = c.object(value, path, ["output", "end", "delayMs", "eventDelayMs", "usage"]);
  c.optional(o, "output", path, (v, p) => c.array(v, p).forEach((item, i) => checkOutput(c, item, join(p, i))));
  c.optional(o, "end", path, (v, p) => c.oneOf(v, p, ["completed", "stall", "cut"]));
  c.optional(o, "delayMs", path, (v, p) => c.int(v, p, 0));
  c.optional(o, "eventDelayMs", path, (v, p) => c.int(v, p, 0));
  c.optional(o, "usage", path, (v, p) => {
    const usage = c.object(v, p, ["inputTokens", "outputTokens"]);
    c.int(usage["inputTokens"], join(p, "inputTokens"), 0);
    c.int(usage["outputTokens"], join(p, "outputTokens"), 0);
  });
}

function checkTurn(c: Checker, value: unknown, path: string): void {
  if (Array.isArray(value)) c.array(value, path, { nonEmpty: true }).forEach((r, i) => checkResponse(c, r, join(path, i)));
  else checkResponse(c, value, path);
}

function checkRule(c: Checker, value: unknown, path: string): void {
  const rule = c.object(value, path, ["id", "when", "action", "times"]);
  c.optional(rule, "id", path, (v, p) => c.string(v, p));
  c.optional(rule, "times", path, (v, p) => c.int(v, p, 1));
  const whenPath = join(path, "when");
  const when = c.object(rule["when"], whenPath, ["process", "start", "method", "nth", "turn", "afterNotification", "notification"]);
  c.optional(when, "process", whenPath, (v, p) => c.int(v, p, 0));
  c.optional(when, "start", whenPath, (v, p) => c.oneOf(v, p, [true]));
  c.optional(when, "method", whenPath, (v, p) => c.string(v, p));
  c.optional(when, "nth", whenPath, (v, p) => c.int(v, p, 1));
  c.optional(when, "turn", whenPath, (v, p) => c.int(v, p, 0));
  c.optional(when, "afterNotification", whenPath, (v, p) => c.int(v, p, 1));
  c.optional(when, "notification", whenPath, (v, p) => c.string(v, p));
  const triggers = ["start", "method", "afterNotification"].filter((k) => when[k] !== undefined);
  if (triggers.length !== 1) c.fail(whenPath, 'exactly one trigger of "start", "method", "afterNotification"', triggers.length === 0 ? undefined : triggers.join(" + "));
  const actionPath = join(path, "action");
  const kind = (rule["action"] as Obj | null | undefined)?.["kind"];
  c.object(rule["action"], actionPath, ["kind", ...(ACTION_FIELDS[String(kind)] ?? [])]);
  c.oneOf(kind, join(actionPath, "kind"), ACTION_KINDS);
  checkAction(c, rule["action"] as Obj, actionPath, when);
}

function checkAction(c: Checker, action: Obj, path: string, when: Obj): void {
  const kind = String(action["kind"]);
  if ((kind === "error" || kind === "delay" || kind === "model") && when["method"] === undefined) {
    c.fail(join(path, "kind"), `a "when.method" trigger for action "${kind}"`, kind);
  }
  if (kind === "model" && when["method"] !== "turn/start") c.fail(join(path.replace(/\.action$/, ""), "when.method"), '"turn/start" for a model action', when["method"]);
  if (kind === "error") {
    c.int(action["code"], join(path, "code"), Number.MIN_SAFE_INTEGER);
    c.string(action["message"], join(path, "message"));
  }
  if (kind === "exit") {
    c.optional(action, "code", path, (v, p) => (v === null ? undefined : c.int(v, p, 0, 255)));
    c.optional(action, "signal", path, (v, p) => (v === null ? undefined : c.string(v, p)));
  }
  if (kind === "malformed") c.optional(action, "line", path, (v, p) => c.string(v, p));
  if (kind === "delay") c.int(action["ms"], join(path, "ms"), 0);
  if (kind === "stderr") c.string(action["text"], join(path, "text"));
  if (kind === "model") checkTurn(c, action["response"], join(path, "response"));
}

function checkModel(c: Checker, v: unknown, p: string): void {
  const model = c.object(v, p, ["turns", "default"]);
  c.optional(model, "turns", p, (x, q) => c.array(x, q).forEach((t, i) => checkTurn(c, t, join(q, i))));
  c.optional(model, "default", p, (x, q) => checkTurn(c, x, q));
}

/** A model script on its own (the scripted model, the model API): same checks and messages as `model` in a fault script. */
export function validateModelScript(value: unknown, source: string): ModelScript {
  checkModel(new Checker(source), value, "");
  return value as ModelScript;
}

/** Checks `value` and returns it typed; throws FakeCodexScriptError naming `source`, the path and what was expected. */
export function validateFakeCodexScript(value: unknown, source: string): FakeCodexScript {
  const c = new Checker(source);
  const root = c.object(value, "", ["$schema", "description", "auth", "refresh", "provider", "model", "rules", "afterInitialize"]);
  c.optional(root, "description", "", (v, p) => c.string(v, p));
  c.optional(root, "auth", "", (v, p) => c.oneOf(v, p, ["apiKey", "chatgpt", "provider", "none"]));
  c.optional(root, "refresh", "", (v, p) => c.oneOf(v, p, ["ok", "expired"]));
  c.optional(root, "provider", "", (v, p) => {
    const provider = c.object(v, p, ["streamMaxRetries", "streamIdleTimeoutMs", "retryBackoffMs", "baseUrl"]);
    c.optional(provider, "streamMaxRetries", p, (x, q) => c.int(x, q, 0, 100));
    c.optional(provider, "streamIdleTimeoutMs", p, (x, q) => (x === null ? undefined : c.int(x, q, 1)));
    c.optional(provider, "retryBackoffMs", p, (x, q) => c.array(x, q).forEach((ms, i) => c.int(ms, join(q, i), 0)));
    c.optional(provider, "baseUrl", p, (x, q) => c.string(x, q));
  });
  c.optional(root, "model", "", (v, p) => checkModel(c, v, p));
  c.optional(root, "rules", "", (v, p) => c.array(v, p).forEach((r, i) => checkRule(c, r, join(p, i))));
  c.optional(root, "afterInitialize", "", (v, p) =>
    c.array(v, p).forEach((n, i) => {
      const note = c.object(n, join(p, i), ["method", "params"]);
      c.string(note["method"], join(join(p, i), "method"));
      c.object(note["params"], join(join(p, i), "params"), Object.keys((note["params"] ?? {}) as Obj));
    }),
  );
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
