/**
 * A deterministic value valid against a JSON Schema (the subset the codex schema and typical
 * `outputSchema`s use: $ref into `definitions`/`$defs`, type (and type lists), enum, const,
 * oneOf/anyOf (first branch that is not null), allOf, required properties, arrays with minItems,
 * string/number bounds). Used for the fake's default answers: a method without a bespoke handler,
 * and a turn's structured output when the model script gives none.
 */
type Schema = boolean | Readonly<Record<string, unknown>>;

interface Context {
  readonly root: Readonly<Record<string, unknown>>;
  readonly depth: number;
}

function resolve(ref: string, ctx: Context): Schema | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = ctx.root;
  for (const part of ref.slice(2).split("/")) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return node as Schema | undefined;
}

function isNullSchema(s: unknown): boolean {
  return typeof s === "object" && s !== null && (s as { type?: unknown }).type === "null";
}

function sampleOf(schema: Schema | undefined, ctx: Context): unknown {
  if (schema === undefined || schema === true || schema === false) return null;
  if (ctx.depth > 40) return null;
  const next: Context = { root: ctx.root, depth: ctx.depth + 1 };
  if (typeof schema["$ref"] === "string") return sampleOf(resolve(schema["$ref"], ctx), next);
  if ("const" in schema) return schema["const"];
  if (Array.isArray(schema["enum"])) return schema["enum"][0];
  const allOf = schema["allOf"];
  if (Array.isArray(allOf)) {
    const parts = allOf.map((s) => sampleOf(s as Schema, next));
    if (parts.every((p) => typeof p === "object" && p !== null && !Array.isArray(p))) return Object.assign({}, ...parts) as unknown;
    return parts[0];
  }
  for (const key of ["oneOf", "anyOf"]) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const branch = (branches.find((b) => !isNullSchema(b)) ?? branches[0]) as Schema;
      const value = sampleOf(branch, next);
      // Sibling keywords (properties next to oneOf) still apply.
      const rest = { ...schema, [key]: undefined };
      if (typeof value === "object" && value !== null && !Array.isArray(value) && rest["properties"] !== undefined) return { ...(sampleOf(rest, next) as object), ...value };
      return value;
    }
  }
  let type = schema["type"];
  if (Array.isArray(type)) type = type.find((t) => t !== "null") ?? "null";
  if (type === undefined && schema["properties"] !== undefined) type = "object";
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return false;
    case "integer":
    case "number": {
      const min = typeof schema["minimum"] === "number" ? schema["minimum"] : typeof schema["exclusiveMinimum"] === "number" ? schema["exclusiveMinimum"] + 1 : 0;
      return type === "integer" ? Math.ceil(min) : min;
    }
    case "string": {
      const min = typeof schema["minLength"] === "number" ? schema["minLength"] : 0;
      return "x".repeat(min);
    }
    case "array": {
      const min = typeof schema["minItems"] === "number" ? schema["minItems"] : 0;
      const items = schema["items"];
      if (Array.isArray(items)) return items.map((s) => sampleOf(s as Schema, next));
      return Array.from({ length: min }, () => sampleOf(items as Schema | undefined, next));
    }
    case "object": {
      const properties = (schema["properties"] ?? {}) as Record<string, Schema>;
      const required = Array.isArray(schema["required"]) ? (schema["required"] as string[]) : [];
      const out: Record<string, unknown> = {};
      for (const key of required) out[key] = sampleOf(properties[key], next);
      return out;
    }
    default:
      return null;
  }
}

/** A deterministic value valid against `schema` (refs resolve against `root`, default the schema itself). */
export function sampleValue(schema: unknown, root: unknown = schema): unknown {
  const rootObject = typeof root === "object" && root !== null ? (root as Record<string, unknown>) : {};
  return sampleOf(schema as Schema, { root: rootObject, depth: 0 });
}
