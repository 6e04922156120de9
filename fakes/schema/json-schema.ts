/**
 * Emits a Shape (./shape.ts) as a JSON Schema (draft 2020-12): the same fields, types, ranges,
 * enums, required keys and closed objects the checker (./check.ts) enforces, named shapes as
 * `$defs`, a tagged union as `if tag = X then variant X`, and a variant's conditions on a sibling
 * field (a rule's `when` for its `action`) as `if`/`then` on the object holding both.
 */
import type { Field, ObjectShape, Shape, TaggedShape } from "./shape.ts";

type Schema = Record<string, unknown>;

export interface SchemaHeader {
  readonly $id: string;
  readonly title: string;
  readonly description: string;
}

export function toJsonSchema(root: Shape, header: SchemaHeader): Schema {
  const defs = new Map<string, Schema>();
  const body = emit(root, defs);
  const $defs = Object.fromEntries([...defs.entries()].sort(([a], [b]) => a.localeCompare(b)));
  return { $schema: "https://json-schema.org/draft/2020-12/schema", ...header, ...body, $defs };
}

const doc = (description: string | undefined): Schema => (description === undefined ? {} : { description });

function emit(shape: Shape, defs: Map<string, Schema>): Schema {
  switch (shape.kind) {
    case "named": {
      if (!defs.has(shape.name)) {
        defs.set(shape.name, {}); // reserved first, so a shape that reaches itself stops here
        defs.set(shape.name, { ...doc(shape.description), ...emit(shape.shape, defs) });
      }
      return { $ref: `#/$defs/${shape.name}` };
    }
    case "string":
      return { ...doc(shape.description), type: shape.orNull === true ? ["string", "null"] : "string" };
    case "integer":
      return { ...doc(shape.description), type: shape.orNull === true ? ["integer", "null"] : "integer", minimum: shape.min, maximum: shape.max ?? Number.MAX_SAFE_INTEGER };
    case "enum":
      return { ...doc(shape.description), ...(shape.values.length === 1 ? { const: shape.values[0] } : { enum: [...shape.values] }) };
    case "array":
      return { ...doc(shape.description), type: "array", ...(shape.nonEmpty === true ? { minItems: 1 } : {}), items: emit(shape.items, defs) };
    case "anyObject":
      return { ...doc(shape.description), type: "object" };
    case "any":
      return doc(shape.description);
    case "object":
      return emitObject(shape, defs);
    case "keyed":
      return { ...doc(shape.description), if: { type: "object", required: [shape.key] }, then: emit(shape.withKey, defs), else: emit(shape.otherwise, defs) };
    case "oneOrMany": {
      const item = emit(shape.item, defs);
      return { ...doc(shape.description), anyOf: [{ type: "array", minItems: 1, items: item }, item] };
    }
    case "tagged":
      return emitTagged(shape, defs);
  }
}

function properties(fields: Readonly<Record<string, Field>>, defs: Map<string, Schema>): Schema {
  return Object.fromEntries(
    Object.entries(fields).map(([key, field]) => [key, { ...doc(field.description), ...emit(field.shape, defs), ...(field.default === undefined ? {} : { default: field.default }) }]),
  );
}

function closed(fields: Readonly<Record<string, Field>>, defs: Map<string, Schema>, extra: Schema = {}): Schema {
  const required = Object.entries(fields).filter(([, f]) => f.required === true).map(([k]) => k);
  return { type: "object", properties: { ...extra, ...properties(fields, defs) }, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

function emitObject(shape: ObjectShape, defs: Map<string, Schema>): Schema {
  const conditions = Object.entries(shape.fields).flatMap(([key, field]) => siblingConditions(key, field.shape));
  return {
    ...doc(shape.description),
    ...closed(shape.fields, defs),
    ...(shape.exactlyOne === undefined ? {} : { oneOf: shape.exactlyOne.keys.map((k) => ({ required: [k] })) }),
    ...(conditions.length > 0 ? { allOf: conditions } : {}),
  };
}

function emitTagged(shape: TaggedShape, defs: Map<string, Schema>): Schema {
  const tags = Object.keys(shape.variants);
  return {
    ...doc(shape.description),
    type: "object",
    required: [shape.tag],
    properties: { [shape.tag]: { enum: tags } },
    allOf: Object.entries(shape.variants).map(([tag, variant]) => ({
      if: { properties: { [shape.tag]: { const: tag } } },
      then: { ...doc(variant.description), ...closed(variant.fields, defs, { [shape.tag]: { const: tag } }) },
    })),
  };
}

function unnamed(shape: Shape): Shape {
  return shape.kind === "named" ? unnamed(shape.shape) : shape;
}

/** The conditions a tagged field at `key` places on its siblings, as `if`/`then` on the holding object. */
function siblingConditions(key: string, fieldShape: Shape): Schema[] {
  const shape = unnamed(fieldShape);
  if (shape.kind !== "tagged") return [];
  const tagIs = (tag: string): Schema => ({ required: [key], properties: { [key]: { type: "object", required: [shape.tag], properties: { [shape.tag]: { const: tag } } } } });
  const guards = (shape.guards ?? []).map((g) => ({
    if: { required: [g.sibling], properties: { [g.sibling]: { type: "object", required: [g.key] } } },
    then: { properties: { [key]: { type: "object", properties: { [shape.tag]: { enum: [...g.tags] } } } } },
  }));
  const requirements = Object.entries(shape.variants).flatMap(([tag, variant]) =>
    (variant.requires ?? []).map((r) => ({
      if: tagIs(tag),
      then: { required: [r.sibling], properties: { [r.sibling]: { type: "object", required: [r.key], ...(r.equals === undefined ? {} : { properties: { [r.key]: { const: r.equals } } }) } } },
    })),
  );
  return [...guards, ...requirements];
}
