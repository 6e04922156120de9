/**
 * `config/read`, `config/value/write`, `config/batchWrite` and `configRequirements/read`, as codex
 * 0.169.0 answers them (observed in the live lane): the configuration the fake was started with
 * (config.toml merged with `-c`, from fakes/config) as the user layer, writes that later reads and
 * new threads see, a `sha256:` version that changes with every write, and the real refusals: an
 * empty key path, a stale `expectedVersion`, a value of the wrong type for a known key.
 */
import { createHash } from "node:crypto";
import type { Connection, JsonRpcId } from "./connection.ts";

type Table = Record<string, unknown>;
type Handler = (id: JsonRpcId, params: Record<string, unknown>) => void;

export interface ConfigState {
  /** The effective `model` / `model_provider` for new threads. */
  model(): string | undefined;
  modelProvider(): string | undefined;
}

/** Keys whose value codex deserializes as a string (a write of another type is refused). */
const STRING_KEYS = new Set(["model", "model_provider", "review_model", "approval_policy", "sandbox_mode", "model_reasoning_effort", "profile"]);
const isTable = (v: unknown): v is Table => typeof v === "object" && v !== null && !Array.isArray(v);

/** serde's name for a JSON value in "invalid type" errors. */
function serdeType(value: unknown): string {
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number") return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (Array.isArray(value)) return "sequence";
  return value === null ? "unit value" : "map";
}

function leaves(table: Table, prefix = ""): string[] {
  return Object.entries(table).flatMap(([k, v]) => (isTable(v) ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function merge(target: Table, source: Table): Table {
  const out: Table = { ...target };
  for (const [k, v] of Object.entries(source)) out[k] = isTable(v) && isTable(out[k]) ? merge(out[k], v) : v;
  return out;
}

class WriteError extends Error {
  constructor(
    message: string,
    readonly code: "configValidationError" | "configVersionConflict",
  ) {
    super(message);
  }
}

export function createConfigMethods(deps: { conn: Connection; codexHome: string; initial: Table }): { handlers: Readonly<Record<string, Handler>>; state: ConfigState } {
  const { conn } = deps;
  const filePath = `${deps.codexHome}/config.toml`;
  let user: Table = structuredClone(deps.initial);
  const version = (): string => `sha256:${createHash("sha256").update(JSON.stringify(user)).digest("hex")}`;

  function edit(table: Table, edit: Record<string, unknown>): Table {
    const keyPath = typeof edit["keyPath"] === "string" ? edit["keyPath"] : "";
    if (keyPath.trim() === "") throw new WriteError("keyPath must not be empty", "configValidationError");
    const value = edit["value"];
    if (STRING_KEYS.has(keyPath) && value !== null && typeof value !== "string") {
      throw new WriteError(`Invalid configuration: invalid type: ${serdeType(value)}, expected a string\nin \`${keyPath}\`\n`, "configValidationError");
    }
    const parts = keyPath.split(".");
    const out = structuredClone(table);
    let node = out;
    for (const part of parts.slice(0, -1)) node = isTable(node[part]) ? (node[part] as Table) : (node[part] = {});
    const last = parts.at(-1) ?? keyPath;
    if (value === null) delete node[last];
    else node[last] = edit["mergeStrategy"] === "upsert" && isTable(value) && isTable(node[last]) ? merge(node[last] as Table, value) : value;
    return out;
  }

  function write(id: JsonRpcId, method: string, params: Record<string, unknown>, edits: ReadonlyArray<Record<string, unknown>>): void {
    try {
      const expected = params["expectedVersion"];
      if (typeof expected === "string" && expected !== version()) throw new WriteError("Configuration was modified since last read. Fetch latest version and retry.", "configVersionConflict");
      user = edits.reduce(edit, user);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      return conn.respondError(id, method, { code: -32600, message: error.message, data: { config_write_error_code: error.code } });
    }
    conn.respond(id, method, { status: "ok", version: version(), filePath, overriddenMetadata: null });
  }

  const layerName = { type: "user", file: filePath, profile: null };
  const handlers: Record<string, Handler> = {
    "config/read": (id, params) => {
      const origins = Object.fromEntries(leaves(user).map((key) => [key, { name: layerName, version: version() }]));
      const layers = params["includeLayers"] === true ? { layers: [{ name: layerName, version: version(), config: user }] } : {};
      conn.respond(id, "config/read", { config: user, origins, ...layers });
    },
    "config/value/write": (id, params) => write(id, "config/value/write", params, [params]),
    "config/batchWrite": (id, params) => {
      const edits = Array.isArray(params["edits"]) ? (params["edits"] as unknown[]).filter(isTable) : [];
      write(id, "config/batchWrite", params, edits);
    },
    "configRequirements/read": (id) => conn.respond(id, "configRequirements/read", { supportsIndependentSpeedModes: true, requirements: null }),
  };
  const text = (key: string): string | undefined => (typeof user[key] === "string" ? user[key] : undefined);
  return { handlers, state: { model: () => text("model"), modelProvider: () => text("model_provider") } };
}
