/**
 * A small declarative vocabulary for JSON shapes: one definition (see ./fault-script.ts) that both
 * the checker (./check.ts, readable errors) and the JSON Schema emitter (./json-schema.ts) read, so
 * the validator and the committed schema cannot disagree. Objects are closed (an unknown field is an
 * error); fields are listed in the order the checker visits them and the errors list them.
 */

export type JsonScalar = string | number | boolean | null;

export interface Doc {
  readonly description?: string;
}

export type Shape =
  | (Doc & { readonly kind: "string"; readonly orNull?: true })
  /** `max` absent: up to Number.MAX_SAFE_INTEGER. */
  | (Doc & { readonly kind: "integer"; readonly min: number; readonly max?: number; readonly orNull?: true })
  | (Doc & { readonly kind: "enum"; readonly values: readonly JsonScalar[] })
  | (Doc & { readonly kind: "array"; readonly items: Shape; readonly nonEmpty?: true })
  | ObjectShape
  /** Any JSON object, any fields. */
  | (Doc & { readonly kind: "anyObject" })
  /** Any JSON value. */
  | (Doc & { readonly kind: "any" })
  | TaggedShape
  /** `withKey` when the value is an object holding `key`, else `otherwise`. */
  | (Doc & { readonly kind: "keyed"; readonly key: string; readonly withKey: Shape; readonly otherwise: Shape })
  /** One `item`, or a non-empty array of them. */
  | (Doc & { readonly kind: "oneOrMany"; readonly item: Shape })
  /** A shape with a name: a `$defs` entry in the JSON Schema. */
  | (Doc & { readonly kind: "named"; readonly name: string; readonly shape: Shape });

export interface Field extends Doc {
  readonly shape: Shape;
  readonly required?: boolean;
  /** Documented default (a JSON Schema annotation; the fake applies it). */
  readonly default?: unknown;
}

export interface ObjectShape extends Doc {
  readonly kind: "object";
  /** In the order errors list them as allowed. */
  readonly fields: Readonly<Record<string, Field>>;
  /** The order the checker visits the fields in, when it differs from `fields`. */
  readonly checkOrder?: readonly string[];
  /** Exactly one of these keys must be present, e.g. a rule's trigger. */
  readonly exactlyOne?: { readonly keys: readonly string[]; readonly noun: string };
}

/** A condition a tagged variant places on a sibling object's field (e.g. the rule's `when.method`). */
export interface SiblingRequirement {
  readonly sibling: string;
  readonly key: string;
  readonly noun: string;
  /** Absent: only present. */
  readonly equals?: JsonScalar;
}

/** When a sibling object holds `key`, only these tags are allowed (e.g. exec-mode `afterEvent` actions). */
export interface SiblingGuard {
  readonly sibling: string;
  readonly key: string;
  readonly noun: string;
  readonly tags: readonly string[];
}

export interface Variant {
  readonly fields: Readonly<Record<string, Field>>;
  readonly requires?: readonly SiblingRequirement[];
  readonly description?: string;
}

/**
 * Objects told apart by the string in `tag`. `order`: "tag-first" checks the tag before the object
 * (an unknown tag is the error); "fields-first" checks the object's fields against the tag's variant
 * before the tag itself (an unknown field is the error).
 */
export interface TaggedShape extends Doc {
  readonly kind: "tagged";
  readonly tag: string;
  /** What one variant is called in messages ("action"). */
  readonly noun: string;
  readonly order: "tag-first" | "fields-first";
  readonly variants: Readonly<Record<string, Variant>>;
  readonly guards?: readonly SiblingGuard[];
}

export const string = (doc: Doc & { readonly orNull?: true } = {}): Shape => ({ kind: "string", ...doc });
export const integer = (range: { readonly min: number; readonly max?: number; readonly orNull?: true }, doc: Doc = {}): Shape => ({ kind: "integer", ...range, ...doc });
export const oneOf = (values: readonly JsonScalar[], doc: Doc = {}): Shape => ({ kind: "enum", values, ...doc });
export const arrayOf = (items: Shape, doc: Doc & { readonly nonEmpty?: true } = {}): Shape => ({ kind: "array", items, ...doc });
export const anyObject = (doc: Doc = {}): Shape => ({ kind: "anyObject", ...doc });
export const anyValue = (doc: Doc = {}): Shape => ({ kind: "any", ...doc });
export const named = (name: string, shape: Shape, doc: Doc = {}): Shape => ({ kind: "named", name, shape, ...doc });
export const oneOrMany = (item: Shape, doc: Doc = {}): Shape => ({ kind: "oneOrMany", item, ...doc });
export const keyed = (key: string, withKey: Shape, otherwise: Shape, doc: Doc = {}): Shape => ({ kind: "keyed", key, withKey, otherwise, ...doc });
export const object = (fields: Readonly<Record<string, Field>>, options: Omit<ObjectShape, "kind" | "fields"> = {}): ObjectShape => ({ kind: "object", fields, ...options });
export const tagged = (options: Omit<TaggedShape, "kind">): TaggedShape => ({ kind: "tagged", ...options });

/** An optional field. */
export const opt = (shape: Shape, doc: Omit<Field, "shape" | "required"> = {}): OptionalField => ({ shape, ...doc });
/** A required field. */
export const req = (shape: Shape, doc: Omit<Field, "shape" | "required"> = {}): RequiredField => ({ shape, required: true, ...doc });

export type RequiredField = Field & { readonly required: true };
export type OptionalField = Field & { readonly required?: false };

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/**
 * The fields of a TypeScript type, each required or optional as the type says: with `satisfies`,
 * a field the type lacks, one it has that is missing, or a wrong optionality is a compile error.
 */
export type FieldsOf<T> = { readonly [K in keyof T]-?: K extends OptionalKeys<T> ? OptionalField : RequiredField };
