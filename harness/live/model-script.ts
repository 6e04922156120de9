/**
 * The live lane's model fault script: what the loopback model API answers to each
 * `POST /v1/responses`. Rules are tried in order; the first whose `match` fits the request wins.
 * This is data, so one script drives both the real binary (served on loopback) and the fake.
 */
export type ModelReply =
  /** A complete answer: one message streamed as text deltas, then `response.completed`. */
  | { readonly kind: "message"; readonly deltas: readonly string[]; readonly phase?: "commentary" | "final_answer" | null }
  /** A JSON error status before any stream (401 with the API-key body, 500…). */
  | { readonly kind: "http-error"; readonly status: number; readonly body: unknown }
  /** Starts the stream, sends `deltas`, then holds the connection open without another byte. */
  | { readonly kind: "stall"; readonly deltas: readonly string[] };

export interface ModelRule {
  /** Matches when the request body contains this text (e.g. a marker in the user's prompt). */
  readonly match?: { readonly inputContains?: string };
  readonly reply: ModelReply;
}

export interface ModelScript {
  readonly rules: readonly ModelRule[];
}

export class ModelScriptError extends Error {
  constructor(path: string, expected: string) {
    super(`model script: ${path}: expected ${expected}`);
    this.name = "ModelScriptError";
  }
}

/** The OpenAI-shaped 401 body an API-key provider returns. */
export const API_KEY_401_BODY = {
  error: {
    message: "Incorrect API key provided. You can find your API key in your account settings.",
    type: "invalid_request_error",
    param: null,
    code: "invalid_api_key",
  },
} as const;

export function pickReply(script: ModelScript, requestBody: string): ModelReply | undefined {
  for (const rule of script.rules) {
    const needle = rule.match?.inputContains;
    if (needle === undefined || requestBody.includes(needle)) return rule.reply;
  }
  return undefined;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function parseReply(value: unknown, path: string): ModelReply {
  if (typeof value !== "object" || value === null) throw new ModelScriptError(path, "an object");
  const v = value as Record<string, unknown>;
  switch (v["kind"]) {
    case "message":
    case "stall":
      if (!isStringArray(v["deltas"])) throw new ModelScriptError(`${path}.deltas`, "an array of strings");
      return value as ModelReply;
    case "http-error":
      if (typeof v["status"] !== "number") throw new ModelScriptError(`${path}.status`, "an HTTP status number");
      return value as ModelReply;
    default:
      throw new ModelScriptError(`${path}.kind`, `"message" | "http-error" | "stall"`);
  }
}

/** Validates untrusted JSON (an env var, a golden file) into a ModelScript with readable errors. */
export function parseModelScript(value: unknown): ModelScript {
  if (typeof value !== "object" || value === null) throw new ModelScriptError("$", "an object");
  const rules = (value as Record<string, unknown>)["rules"];
  if (!Array.isArray(rules) || rules.length === 0) throw new ModelScriptError("$.rules", "a non-empty array");
  return {
    rules: rules.map((rule: unknown, i) => {
      if (typeof rule !== "object" || rule === null) throw new ModelScriptError(`$.rules[${i}]`, "an object");
      const r = rule as Record<string, unknown>;
      const match = r["match"];
      if (match !== undefined && (typeof match !== "object" || match === null)) {
        throw new ModelScriptError(`$.rules[${i}].match`, "an object");
      }
      const reply = parseReply(r["reply"], `$.rules[${i}].reply`);
      return match === undefined ? { reply } : { match: match as ModelRule["match"] & object, reply };
    }),
  };
}
