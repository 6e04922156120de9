/**
 * The effective codex configuration, layered as the real CLI layers it (later wins):
 * built-in defaults < `$CODEX_HOME/config.toml` < `$CODEX_HOME/<profile>.config.toml` (`-p`) <
 * `-c` overrides (global, then the subcommand's, in order). A config.toml that does not parse is
 * not fatal: codex 0.169.0 answers with a `configWarning` ("Invalid configuration; using
 * defaults.") and uses the defaults; the fake returns the same warning for the server to send.
 * The model provider is resolved from `model_provider` and `model_providers.<id>` (or the built-in
 * `openai`), with codex's defaults for retries and the stream idle timeout.
 */
import { parse as parseToml, TomlError } from "smol-toml";
import { applyOverrides, mergeTables, tableAt, type ConfigOverride, type TomlTable, type TomlValue } from "./overrides.ts";

export interface ConfigWarning {
  readonly summary: string;
  readonly details: string | null;
  readonly path?: string;
  readonly range?: { readonly start: { readonly line: number; readonly column: number }; readonly end: { readonly line: number; readonly column: number } };
}

export interface ModelProviderConfig {
  readonly id: string;
  readonly name: string;
  /** e.g. `http://127.0.0.1:8787/v1`; requests go to `${baseUrl}/responses`. */
  readonly baseUrl: string;
  /** The environment variable holding the API key (`Authorization: Bearer $<envKey>`). */
  readonly envKey?: string;
  readonly wireApi: "responses";
  readonly requestMaxRetries: number;
  readonly streamMaxRetries: number;
  readonly streamIdleTimeoutMs: number;
  readonly httpHeaders: Readonly<Record<string, string>>;
  readonly queryParams: Readonly<Record<string, string>>;
  /** true when it came from `model_providers.<id>` rather than the built-in list. */
  readonly custom: boolean;
}

export interface CodexConfig {
  /** The merged table (defaults, files, overrides). */
  readonly table: TomlTable;
  readonly model: string;
  readonly modelProvider: ModelProviderConfig;
  /** Warnings the server sends as `configWarning` after `initialize`. */
  readonly warnings: readonly ConfigWarning[];
}

/** A configuration the real binary refuses at start-up: `Error: <message>` on stderr, exit 1. */
export class CodexConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CodexConfigError";
  }
}

/** codex 0.169.0's defaults for what the fake uses. */
export const CONFIG_DEFAULTS = {
  model: "gpt-5.5",
  modelProvider: "openai",
  openaiBaseUrl: "https://api.openai.com/v1",
  requestMaxRetries: 4,
  streamMaxRetries: 5,
  streamIdleTimeoutMs: 300_000,
} as const;

export interface LoadConfigOptions {
  readonly codexHome: string;
  readonly overrides?: readonly ConfigOverride[];
  readonly profile?: string;
  /** Reads a file; throws with `code: "ENOENT"` when absent. */
  readonly readText: (path: string) => string;
}

function readTable(path: string, readText: (path: string) => string, warnings: ConfigWarning[]): TomlTable {
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return {};
    throw new CodexConfigError(`failed to read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(JSON.stringify(parseToml(text), (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))) as TomlTable;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 1;
    const column = error instanceof TomlError ? error.column : 1;
    const reason = (error as Error).message.split("\n")[0]?.replace(/^Invalid TOML document: /, "") ?? "invalid TOML";
    warnings.push({ summary: "Invalid configuration; using defaults.", details: `${path}:${line}:${column}: ${reason}`, path, range: { start: { line, column }, end: { line, column } } });
    return {};
  }
}

function int(value: TomlValue | undefined, fallback: number, key: string): number {
  if (value === undefined) return fallback;
  const n = typeof value === "bigint" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new CodexConfigError(`${key}: invalid type: ${JSON.stringify(value)}, expected u64`);
  return n;
}

function str(value: TomlValue | undefined, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new CodexConfigError(`${key}: invalid type: ${JSON.stringify(value)}, expected a string`);
  return value;
}

function strings(value: TomlValue | undefined): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Date) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export function resolveModelProvider(table: TomlTable): ModelProviderConfig {
  const id = str(table["model_provider"], "model_provider") ?? CONFIG_DEFAULTS.modelProvider;
  const entry = tableAt(tableAt(table, "model_providers") ?? {}, id);
  if (entry === undefined && id !== "openai") throw new CodexConfigError(`Model provider \`${id}\` not found`);
  const at = (key: string): string => `model_providers.${id}.${key}`;
  const source = entry ?? {};
  const name = entry === undefined ? "OpenAI" : (str(source["name"], at("name")) ?? "");
  if (entry !== undefined && name.trim() === "") throw new CodexConfigError(`model_providers.${id}: provider name must not be empty\nin \`model_providers\`\n`);
  const wireApi = str(source["wire_api"], at("wire_api")) ?? "responses";
  if (wireApi !== "responses") throw new CodexConfigError(`${at("wire_api")}: unknown variant \`${wireApi}\`, expected \`responses\``);
  const envKey = str(source["env_key"], at("env_key")) ?? (entry === undefined ? "OPENAI_API_KEY" : undefined);
  return {
    id,
    name,
    baseUrl: (str(source["base_url"], at("base_url")) ?? CONFIG_DEFAULTS.openaiBaseUrl).replace(/\/+$/, ""),
    ...(envKey === undefined ? {} : { envKey }),
    wireApi: "responses",
    requestMaxRetries: int(source["request_max_retries"], CONFIG_DEFAULTS.requestMaxRetries, at("request_max_retries")),
    streamMaxRetries: int(source["stream_max_retries"], CONFIG_DEFAULTS.streamMaxRetries, at("stream_max_retries")),
    streamIdleTimeoutMs: int(source["stream_idle_timeout_ms"], CONFIG_DEFAULTS.streamIdleTimeoutMs, at("stream_idle_timeout_ms")),
    httpHeaders: strings(source["http_headers"]),
    queryParams: strings(source["query_params"]),
    custom: entry !== undefined,
  };
}

/** Loads and layers the configuration; throws CodexConfigError where the real binary refuses to start. */
export function loadCodexConfig(options: LoadConfigOptions): CodexConfig {
  const warnings: ConfigWarning[] = [];
  let table = readTable(`${options.codexHome}/config.toml`, options.readText, warnings);
  if (options.profile !== undefined) {
    const layer = readTable(`${options.codexHome}/${options.profile}.config.toml`, options.readText, warnings);
    table = mergeTables(table, layer);
  }
  table = applyOverrides(table, options.overrides ?? []);
  const modelProvider = resolveModelProvider(table);
  const model = str(table["model"], "model") ?? CONFIG_DEFAULTS.model;
  return { table, model, modelProvider, warnings };
}
