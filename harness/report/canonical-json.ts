/**
 * RFC 8785 (JSON Canonicalization Scheme) serialization and the sha256 digest over it.
 * Keys sort by UTF-16 code units, numbers use the ECMAScript shortest form, strings use the
 * JSON.stringify escapes, and there is no whitespace. Anything that is not I-JSON data is an error,
 * never silently dropped: non-finite numbers, undefined in arrays, functions, bigints, lone
 * surrogates, cycles, and objects that are not plain.
 */
import { createHash } from "node:crypto";

export class CanonicalJsonError extends Error {
  override readonly name = "CanonicalJsonError";
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`cannot canonicalize ${path || "<root>"}: ${problem}`);
    this.path = path;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Serializes `value` as RFC 8785 canonical JSON. */
export function canonicalJson(value: unknown): string {
  return serialize(value, "", new Set());
}

/** Hex sha256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Hex sha256 over the canonical JSON of `value`. */
export function canonicalDigest(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** Code-unit order, as RFC 8785 §3.2.3 requires (not locale order). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function serialize(value: unknown, path: string, seen: Set<object>): string {
  switch (typeof value) {
    case "string":
      return serializeString(value, path);
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `number ${value} is not finite`);
      // ECMAScript Number::toString is the JCS number form; -0 serializes as 0.
      return Object.is(value, -0) ? "0" : String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      return serializeContainer(value, path, seen);
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not JSON`);
  }
}

function serializeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, "string holds a lone surrogate");
  return JSON.stringify(value);
}

function serializeContainer(value: object, path: string, seen: Set<object>): string {
  if (seen.has(value)) throw new CanonicalJsonError(path, "cycle");
  seen.add(value);
  try {
    if (Array.isArray(value)) return serializeArray(value, path, seen);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalJsonError(path, `${value.constructor?.name ?? "object"} is not a plain object`);
    }
    return serializeObject(value as Record<string, unknown>, path, seen);
  } finally {
    seen.delete(value);
  }
}

function serializeArray(items: readonly unknown[], path: string, seen: Set<object>): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === undefined) throw new CanonicalJsonError(`${path}[${i}]`, "undefined in an array");
    parts.push(serialize(item, `${path}[${i}]`, seen));
  }
  return `[${parts.join(",")}]`;
}

function serializeObject(obj: Record<string, unknown>, path: string, seen: Set<object>): string {
  const keys = Object.keys(obj).sort(compareCodeUnits);
  const parts: string[] = [];
  for (const key of keys) {
    const item = obj[key];
    // Like JSON.stringify, an undefined property is absent (exactOptionalPropertyTypes keeps these rare).
    if (item === undefined) continue;
    const childPath = `${path}.${key}`;
    parts.push(`${serializeString(key, childPath)}:${serialize(item, childPath, seen)}`);
  }
  return `{${parts.join(",")}}`;
}
