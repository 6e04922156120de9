/**
 * `-c key=value` as the real codex CLI reads it: the key is a dotted path (`a.b.c`), the value is
 * parsed as a TOML value, and a value that is not valid TOML is taken as a literal string (trimmed,
 * surrounding quotes dropped). `--enable X` / `--disable X` are `-c features.X=true|false`.
 */
import { parse as parseToml } from "smol-toml";

export type TomlValue = string | number | boolean | bigint | Date | TomlValue[] | { [key: string]: TomlValue };
export type TomlTable = { [key: string]: TomlValue };

export interface ConfigOverride {
  readonly path: readonly string[];
  readonly value: TomlValue;
}

/** A bad `-c`: the real binary prints `Error: error parsing -c overrides: <message>` and exits 1. */
export class ConfigOverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigOverrideError";
  }
}

/** Plain objects (smol-toml returns null-prototype tables), so values compare and print as JSON. */
function plain(value: unknown): TomlValue {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value as TomlValue;
}

export function parseTomlValue(text: string): TomlValue {
  try {
    return plain(parseToml(`_x_ = ${text}`)["_x_"]);
  } catch {
    return text.trim().replace(/^["']|["']$/g, "");
  }
}

export function parseOverride(raw: string): ConfigOverride {
  const eq = raw.indexOf("=");
  if (eq < 0) throw new ConfigOverrideError(`Invalid override (missing '='): ${raw}`);
  const key = raw.slice(0, eq).trim();
  if (key === "") throw new ConfigOverrideError(`Empty key in override: ${raw}`);
  return { path: key.split(".").map((part) => part.trim()), value: parseTomlValue(raw.slice(eq + 1)) };
}

export function featureOverride(feature: string, enabled: boolean): ConfigOverride {
  return { path: ["features", feature], value: enabled };
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Sets `path` in a copy of `table` (intermediate tables created; a non-table in the way is replaced). */
export function applyOverride(table: TomlTable, override: ConfigOverride): TomlTable {
  const [head, ...rest] = override.path;
  if (head === undefined) return table;
  if (rest.length === 0) return { ...table, [head]: override.value };
  const child = table[head];
  return { ...table, [head]: applyOverride(isTable(child) ? child : {}, { path: rest, value: override.value }) };
}

export function applyOverrides(table: TomlTable, overrides: readonly ConfigOverride[]): TomlTable {
  return overrides.reduce(applyOverride, table);
}

export function tableAt(table: TomlTable, key: string): TomlTable | undefined {
  const value = table[key];
  return isTable(value) ? value : undefined;
}

/** `over` laid on `base`: tables merge key by key, anything else in `over` replaces. */
export function mergeTables(base: TomlTable, over: TomlTable): TomlTable {
  const out: TomlTable = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isTable(current) && isTable(value) ? mergeTables(current, value) : value;
  }
  return out;
}
