/**
 * Makes run data machine-independent before it reaches a report: each temp dir becomes `<tmp#i>`,
 * the repo root `<repo>`; bigints become strings; Errors become their message; functions vanish.
 */
import type { Json } from "../scenario/types.ts";

export interface PathAlias {
  readonly from: string;
  readonly to: string;
}

export function toJson(value: unknown, aliases: readonly PathAlias[], depth = 0): Json {
  if (depth > 40) return "<too deep>";
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
      return aliasPaths(value, aliases);
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "function":
    case "symbol":
      return null;
  }
  if (value instanceof Error) return { name: value.name, message: aliasPaths(value.message, aliases) };
  if (Array.isArray(value)) return value.map((v) => toJson(v, aliases, depth + 1));
  if (value instanceof Map) return toJson(Object.fromEntries(value), aliases, depth + 1);
  if (value instanceof Set) return toJson([...value], aliases, depth + 1);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === "function") continue;
    out[k] = toJson(v, aliases, depth + 1);
  }
  return out;
}

export function aliasPaths(text: string, aliases: readonly PathAlias[]): string {
  // Every alias is an absolute path: a string without a slash has nothing to replace.
  if (!text.includes("/")) return text;
  let out = text;
  for (const { from, to } of aliases) if (from !== "" && out.includes(from)) out = out.split(from).join(to);
  return out;
}

/** Longest paths first, so a realpath that contains another alias is replaced whole. */
export function buildAliases(tempDirs: ReadonlyArray<{ path: string; real: string }>, repoRoot: string): PathAlias[] {
  const aliases: PathAlias[] = [];
  tempDirs.forEach((d, i) => {
    aliases.push({ from: d.real, to: `<tmp#${i}>` }, { from: d.path, to: `<tmp#${i}>` });
  });
  aliases.push({ from: repoRoot, to: "<repo>" });
  return aliases.sort((a, b) => b.from.length - a.from.length);
}
