/**
 * Turns arbitrary trace and evidence values into bounded JSON data, deterministically, so the
 * canonical serializer never meets a Map, an Error, a bigint or a megabyte string. The mapping
 * is lossy on purpose and says so in the value (`"[circular]"`, `"…(+N chars)"`).
 */
import type { Json } from "../scenario/types.ts";

export interface JsonSafeOptions {
  /** Strings longer than this are cut, with the cut size noted. */
  readonly maxStringChars?: number;
  /** Containers nested deeper than this become `"[depth]"`. */
  readonly maxDepth?: number;
  /** Arrays longer than this keep their head, with a note of what was dropped. */
  readonly maxArrayItems?: number;
}

const DEFAULTS = { maxStringChars: 4096, maxDepth: 24, maxArrayItems: 500 } as const;

export function toJsonSafe(value: unknown, options: JsonSafeOptions = {}): Json {
  const limits = { ...DEFAULTS, ...options };
  return convert(value, limits, 0, new Set());
}

type Limits = Required<JsonSafeOptions>;

function convert(value: unknown, limits: Limits, depth: number, seen: Set<object>): Json {
  switch (typeof value) {
    case "string":
      return clipString(value, limits.maxStringChars);
    case "number":
      if (Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
      return String(value);
    case "boolean":
      return value;
    case "bigint":
      return `${value}n`;
    case "undefined":
      return null;
    case "function":
      return `[function ${value.name || "anonymous"}]`;
    case "symbol":
      return String(value);
    case "object":
      return value === null ? null : convertObject(value, limits, depth, seen);
    default:
      return null;
  }
}

function convertObject(value: object, limits: Limits, depth: number, seen: Set<object>): Json {
  if (seen.has(value)) return "[circular]";
  if (depth >= limits.maxDepth) return "[depth]";
  seen.add(value);
  try {
    return convertKnown(value, limits, depth + 1, seen);
  } finally {
    seen.delete(value);
  }
}

function convertKnown(value: object, limits: Limits, depth: number, seen: Set<object>): Json {
  if (Array.isArray(value)) return convertArray(value, limits, depth, seen);
  if (value instanceof Error) return convertError(value, limits, depth, seen);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof Map) return convertArray([...value.entries()], limits, depth, seen);
  if (value instanceof Set) return convertArray([...value.values()], limits, depth, seen);
  if (ArrayBuffer.isView(value)) return { bytes: value.byteLength };
  if (value instanceof ArrayBuffer) return { bytes: value.byteLength };
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === "function") continue;
    out[key] = convert(item, limits, depth, seen);
  }
  return out;
}

function convertArray(items: readonly unknown[], limits: Limits, depth: number, seen: Set<object>): Json {
  const kept = items.slice(0, limits.maxArrayItems).map((item) => convert(item, limits, depth, seen));
  if (items.length > limits.maxArrayItems) kept.push(`…(+${items.length - limits.maxArrayItems} items)`);
  return kept;
}

function convertError(error: Error, limits: Limits, depth: number, seen: Set<object>): Json {
  const out: Record<string, Json> = { name: error.name, message: clipString(error.message, limits.maxStringChars) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") out["code"] = code;
  if (error.cause !== undefined) out["cause"] = convert(error.cause, limits, depth, seen);
  return out;
}

function clipString(raw: string, maxChars: number): string {
  const value = wellFormed(raw);
  if (value.length <= maxChars) return value;
  // Do not split a surrogate pair: the canonical serializer rejects lone surrogates.
  let end = maxChars;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${value.slice(0, end)}…(+${value.length - end} chars)`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces lone surrogates with U+FFFD (what `String.prototype.toWellFormed` does). */
function wellFormed(value: string): string {
  return value.isWellFormed() ? value : value.replace(LONE_SURROGATE, "\uFFFD");
}
