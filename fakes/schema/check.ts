/**
 * Walks a value against a Shape (./shape.ts) and reports the first problem through `fail(path,
 * expected, got)`: `rules[0].action.kind`, `one of "error", "exit", …`, the offending value. Paths
 * join with `.` and `[i]`; the root is "". Fields are visited in the shape's order, so the first
 * error is always the same one.
 */
import type { JsonScalar, ObjectShape, Shape, SiblingGuard, SiblingRequirement, TaggedShape, Variant } from "./shape.ts";

export type Fail = (path: string, expected: string, got: unknown) => never;

type Obj = Record<string, unknown>;

/** The object holding the value being checked, for a tagged variant's sibling conditions. */
interface Parent {
  readonly value: Obj;
  readonly path: string;
}

export function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

export const quoted = (values: readonly JsonScalar[]): string => values.map((v) => JSON.stringify(v)).join(", ");
const article = (word: string): string => (/^"?[aeiou]/i.test(word) ? "an" : "a");

export function integerExpectation(min: number, max: number | undefined): string {
  return max === undefined ? `an integer >= ${min}` : `an integer in ${min}..${max}`;
}

export function checkShape(shape: Shape, value: unknown, path: string, fail: Fail, parent?: Parent): void {
  switch (shape.kind) {
    case "named":
      return checkShape(shape.shape, value, path, fail, parent);
    case "string":
      if (typeof value !== "string" && !(shape.orNull === true && value === null)) fail(path, "a string", value);
      return;
    case "integer": {
      if (shape.orNull === true && value === null) return;
      const max = shape.max ?? Number.MAX_SAFE_INTEGER;
      if (typeof value !== "number" || !Number.isInteger(value) || value < shape.min || value > max) fail(path, integerExpectation(shape.min, shape.max), value);
      return;
    }
    case "enum":
      if (!shape.values.includes(value as JsonScalar)) fail(path, `one of ${quoted(shape.values)}`, value);
      return;
    case "array":
      if (!Array.isArray(value) || (shape.nonEmpty === true && value.length === 0)) fail(path, shape.nonEmpty === true ? "a non-empty array" : "an array", value);
      value.forEach((item, i) => checkShape(shape.items, item, join(path, i), fail));
      return;
    case "anyObject":
      closedObject(value, path, undefined, fail);
      return;
    case "any":
      return;
    case "object":
      return checkObject(shape, value, path, fail);
    case "keyed":
      return checkShape(isObject(value) && shape.key in value ? shape.withKey : shape.otherwise, value, path, fail, parent);
    case "oneOrMany":
      if (Array.isArray(value)) checkShape({ kind: "array", items: shape.item, nonEmpty: true }, value, path, fail);
      else checkShape(shape.item, value, path, fail, parent);
      return;
    case "tagged":
      return checkTagged(shape, value, path, fail, parent);
  }
}

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object with only `allowed` keys (any keys when undefined); the first unknown one is the error. */
function closedObject(value: unknown, path: string, allowed: readonly string[] | undefined, fail: Fail): Obj {
  if (!isObject(value)) fail(path, "an object", value);
  if (allowed !== undefined) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) fail(join(path, key), `no such field (allowed: ${allowed.join(", ")})`, value[key]);
    }
  }
  return value;
}

function checkFields(obj: Obj, fields: ObjectShape["fields"], order: readonly string[], path: string, fail: Fail): void {
  for (const key of order) {
    const field = fields[key];
    if (field !== undefined && (field.required === true || obj[key] !== undefined)) checkShape(field.shape, obj[key], join(path, key), fail, { value: obj, path });
  }
}

function checkObject(shape: ObjectShape, value: unknown, path: string, fail: Fail): void {
  const keys = Object.keys(shape.fields);
  const obj = closedObject(value, path, keys, fail);
  checkFields(obj, shape.fields, shape.checkOrder ?? keys, path, fail);
  if (shape.exactlyOne !== undefined) {
    const present = shape.exactlyOne.keys.filter((k) => obj[k] !== undefined);
    if (present.length !== 1) fail(path, `exactly one ${shape.exactlyOne.noun} of ${quoted(shape.exactlyOne.keys)}`, present.length === 0 ? undefined : present.join(" + "));
  }
}

function variantOf(shape: TaggedShape, tag: unknown): Variant | undefined {
  return typeof tag === "string" && Object.hasOwn(shape.variants, tag) ? shape.variants[tag] : undefined;
}

function checkTagged(shape: TaggedShape, value: unknown, path: string, fail: Fail, parent: Parent | undefined): void {
  const tag = isObject(value) ? value[shape.tag] : undefined;
  const tagPath = join(path, shape.tag);
  const tags = Object.keys(shape.variants);
  const variant = variantOf(shape, tag);
  if (shape.order === "tag-first" && variant === undefined) fail(tagPath, `one of ${quoted(tags)}`, tag);
  if (variant !== undefined && parent !== undefined) for (const guard of shape.guards ?? []) checkGuard(guard, parent, tag as string, tagPath, fail);
  const obj = closedObject(value, path, [shape.tag, ...Object.keys(variant?.fields ?? {})], fail);
  if (variant === undefined) fail(tagPath, `one of ${quoted(tags)}`, tag);
  for (const requirement of variant.requires ?? []) checkRequirement(requirement, parent, { noun: shape.noun, tag: tag as string, tagPath }, fail);
  checkFields(obj, variant.fields, Object.keys(variant.fields), path, fail);
}

function checkGuard(guard: SiblingGuard, parent: Parent, tag: string, tagPath: string, fail: Fail): void {
  const sibling = parent.value[guard.sibling];
  if (isObject(sibling) && sibling[guard.key] !== undefined && !guard.tags.includes(tag)) {
    fail(tagPath, `one of ${quoted(guard.tags)} with ${article(guard.key)} "${guard.key}" ${guard.noun}`, tag);
  }
}

function checkRequirement(requirement: SiblingRequirement, parent: Parent | undefined, at: { readonly noun: string; readonly tag: string; readonly tagPath: string }, fail: Fail): void {
  const sibling = parent?.value[requirement.sibling];
  const actual = isObject(sibling) ? sibling[requirement.key] : undefined;
  if (requirement.equals === undefined) {
    const what = `"${requirement.sibling}.${requirement.key}"`;
    if (actual === undefined) fail(at.tagPath, `${article(what)} ${what} ${requirement.noun} for ${at.noun} "${at.tag}"`, at.tag);
  } else if (actual !== requirement.equals) {
    fail(join(join(parent?.path ?? "", requirement.sibling), requirement.key), `${JSON.stringify(requirement.equals)} for ${article(at.tag)} ${at.tag} ${at.noun}`, actual);
  }
}
