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

/** Serializes `value` as RFC 8785 canonical JSON. */
export function canonicalJson(value: unknown): string {
  return serialize(value, [], new Set());
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

/**
 * `at` is the path of keys and indices down to `value`, kept as a stack: the `.a[0].b` string an
 * error names is built only when one is thrown (building it for every node doubled the cost).
 */
type At = Array<string | number>;

function pathOf(at: At): string {
  return at.map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`)).join("");
}

function fail(at: At, problem: string): never {
  throw new CanonicalJsonError(pathOf(at), problem);
}

function serialize(value: unknown, at: At, seen: Set<object>): string {
  switch (typeof value) {
    case "string":
      return serializeString(value, at);
    case "number":
      if (!Number.isFinite(value)) fail(at, `number ${value} is not finite`);
      // ECMAScript Number::toString is the JCS number form; -0 serializes as 0.
      return Object.is(value, -0) ? "0" : String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      return serializeContainer(value, at, seen);
    default:
      return fail(at, `${typeof value} is not JSON`);
  }
}

function serializeString(value: string, at: At): string {
  if (!value.isWellFormed()) fail(at, "string holds a lone surrogate");
  return JSON.stringify(value);
}

function serializeContainer(value: object, at: At, seen: Set<object>): string {
  if (seen.has(value)) fail(at, "cycle");
  seen.add(value);
  try {
    if (Array.isArray(value)) return serializeArray(value, at, seen);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      fail(at, `${value.constructor?.name ?? "object"} is not a plain object`);
    }
    return serializeObject(value as Record<string, unknown>, at, seen);
  } finally {
    seen.delete(value);
  }
}

function serializeArray(items: readonly unknown[], at: At, seen: Set<object>): string {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    at.push(i);
    if (item === undefined) fail(at, "undefined in an array");
    out += `${i === 0 ? "" : ","}${serialize(item, at, seen)}`;
    at.pop();
  }
  return `${out}]`;
}

function serializeObject(obj: Record<string, unknown>, at: At, seen: Set<object>): string {
  // The default sort compares UTF-16 code units, which is what compareCodeUnits does.
  const keys = Object.keys(obj).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const item = obj[key];
    // Like JSON.stringify, an undefined property is absent (exactOptionalPropertyTypes keeps these rare).
    if (item === undefined) continue;
    at.push(key);
    out += `${first ? "" : ","}${serializeString(key, at)}:${serialize(item, at, seen)}`;
    at.pop();
    first = false;
  }
  return `${out}}`;
}
