/**
 * fast-check arbitraries of fault scripts for the schema agreement test, written by hand (not derived
 * from the declared shape, so they can catch it): well-formed scripts using every field, and those
 * scripts after a few random edits anywhere in the tree — a value replaced by junk, a boundary number
 * or another word of the format (an action kind, a trigger key), a key added or removed. About half
 * the edited scripts stay valid, so both answers of the validator are exercised.
 */
import * as fc from "fast-check";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const text = fc.string({ maxLength: 8 });
const small = fc.integer({ min: 0, max: 5 });

const output = fc.oneof(
  fc.record(
    { type: fc.constant("message"), phase: fc.constantFrom("commentary", "partial_answer", "final_answer", null), deltas: fc.array(text, { maxLength: 2 }), done: fc.boolean() },
    { requiredKeys: ["type", "deltas"] },
  ),
  fc.record({ type: fc.constant("exec_command"), cmd: text, callId: text, output: text }, { requiredKeys: ["type", "cmd"] }),
);

const response = fc.oneof(
  fc.record({ http: fc.record({ status: fc.integer({ min: 100, max: 599 }), message: text, type: text, code: text }, { requiredKeys: ["status"] }) }),
  fc.record(
    {
      output: fc.array(output, { maxLength: 2 }),
      end: fc.constantFrom("completed", "stall", "cut"),
      delayMs: small,
      eventDelayMs: small,
      usage: fc.record({ inputTokens: small, outputTokens: small }),
    },
    { requiredKeys: [] },
  ),
);

const turn = fc.oneof(response, fc.array(response, { minLength: 1, maxLength: 2 }));

const anyAction = fc.oneof(
  fc.record({ kind: fc.constant("exit"), code: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constant(null)), signal: fc.constantFrom("SIGKILL", null) }, { requiredKeys: ["kind"] }),
  fc.constant({ kind: "stall" }),
  fc.record({ kind: fc.constant("malformed"), line: text }, { requiredKeys: ["kind"] }),
  fc.constant({ kind: "closeStdin" }),
  fc.record({ kind: fc.constant("stderr"), text }),
);
const methodAction = fc.oneof(
  anyAction,
  fc.record({ kind: fc.constant("error"), code: fc.integer({ min: -32_768, max: 500 }), message: text, data: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: ["kind", "code", "message"] }),
  fc.record({ kind: fc.constant("delay"), ms: small }),
);
const execAction = fc.oneof(
  fc.record({ kind: fc.constant("exit"), code: fc.integer({ min: 0, max: 255 }) }),
  fc.constant({ kind: "stall" }),
  fc.constant({ kind: "malformed" }),
  fc.record({ kind: fc.constant("stderr"), text }),
);

const narrow = { process: small, nth: fc.integer({ min: 1, max: 3 }), turn: small };
const rule = fc.record(
  {
    id: text,
    times: fc.integer({ min: 1, max: 3 }),
    rule: fc.oneof(
      fc.record({ when: fc.record({ start: fc.constant(true), process: small }, { requiredKeys: ["start"] }), action: anyAction }),
      fc.record({ when: fc.record({ method: fc.constantFrom("initialize", "thread/start"), ...narrow }, { requiredKeys: ["method"] }), action: methodAction }),
      fc.record({ when: fc.record({ method: fc.constant("turn/start"), turn: small }, { requiredKeys: ["method"] }), action: fc.record({ kind: fc.constant("model"), response: turn }) }),
      fc.record({
        when: fc.record({ afterNotification: fc.integer({ min: 1, max: 6 }), notification: fc.constant("item/completed"), turn: small, process: small }, { requiredKeys: ["afterNotification"] }),
        action: anyAction,
      }),
      fc.record({ when: fc.record({ afterEvent: fc.integer({ min: 1, max: 6 }), event: fc.constant("item.completed") }, { requiredKeys: ["afterEvent"] }), action: execAction }),
    ),
  },
  { requiredKeys: ["rule"] },
).map(({ rule: r, ...rest }) => ({ ...rest, ...r }));

const anyTrigger = fc.oneof(
  fc.constant({ start: true }),
  fc.record({ method: fc.constantFrom("initialize", "turn/start") }),
  fc.record({ afterNotification: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ afterEvent: fc.integer({ min: 1, max: 3 }) }),
);
const everyAction = fc.oneof(methodAction, fc.record({ kind: fc.constant("model"), response: turn }));

/** Rules whose trigger and action are drawn independently: each pairing the format allows or forbids. */
export const crossedScript = fc.record({ rules: fc.array(fc.record({ when: anyTrigger, action: everyAction }), { minLength: 1, maxLength: 2 }) });

export const wellFormedScript = fc.record(
  {
    $schema: fc.constant("./fault-script.schema.json"),
    description: text,
    auth: fc.constantFrom("apiKey", "chatgpt", "provider", "none"),
    refresh: fc.constantFrom("ok", "expired"),
    provider: fc.record(
      {
        streamMaxRetries: fc.integer({ min: 0, max: 100 }),
        streamIdleTimeoutMs: fc.oneof(fc.integer({ min: 1, max: 9_000 }), fc.constant(null)),
        retryBackoffMs: fc.array(small, { maxLength: 2 }),
        baseUrl: text,
      },
      { requiredKeys: [] },
    ),
    model: fc.record({ turns: fc.array(turn, { maxLength: 2 }), default: turn }, { requiredKeys: [] }),
    rules: fc.array(rule, { maxLength: 3 }),
    afterInitialize: fc.array(fc.record({ method: text, params: fc.dictionary(text, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }) }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

/** Words of the format: put in place of a value they turn one valid thing into another, or into an error. */
const WORDS = ["message", "exec_command", "error", "exit", "stall", "malformed", "closeStdin", "delay", "stderr", "model", "turn/start", "initialize", "completed", "cut", "chatgpt", "none", "expired", "final_answer", "plan"];
const KEYS = ["start", "method", "afterNotification", "afterEvent", "nth", "turn", "process", "event", "http", "output", "kind", "type", "code", "signal", "$schema", "status", "usage", "params", "typo"];
const NUMBERS = [0, 1, -1, 99, 100, 255, 256, 599, 600, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER - 2];

type Op = "junk" | "word" | "number" | "addKey" | "delete" | "replaceRoot";

interface Edit {
  readonly at: number;
  readonly op: Op;
  readonly pick: number;
  readonly junk: Json;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  op: fc.oneof({ arbitrary: fc.constantFrom<Op>("junk", "word", "number", "addKey", "delete"), weight: 30 }, { arbitrary: fc.constant<Op>("replaceRoot"), weight: 1 }),
  pick: fc.nat(), junk: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> });

/** Every container in the tree with each of its slots, in a fixed order. */
function slots(value: Json, out: Array<{ holder: Json[] | { [key: string]: Json }; key: string | number }> = []): typeof out {
  const entries: Array<[string | number, Json]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : typeof value === "object" && value !== null ? Object.entries(value) : [];
  for (const [key, item] of entries) {
    out.push({ holder: value as Json[] | { [key: string]: Json }, key });
    slots(item, out);
  }
  return out;
}

function containers(value: Json): Array<Json[] | { [key: string]: Json }> {
  const all = slots(value)
    .map((s) => s.holder)
    .filter((h, i, list) => list.indexOf(h) === i);
  return typeof value === "object" && value !== null && !all.includes(value) ? [value, ...all] : all;
}

function apply(root: Json, e: Edit): Json {
  const all = slots(root);
  const slot = all[e.at % Math.max(all.length, 1)];
  const set = (v: Json): void => {
    if (slot === undefined) return;
    if (Array.isArray(slot.holder)) slot.holder[slot.key as number] = v;
    else slot.holder[slot.key as string] = v;
  };
  switch (e.op) {
    case "junk":
      set(e.junk);
      break;
    case "word":
      set(WORDS[e.pick % WORDS.length] ?? "");
      break;
    case "number":
      set(NUMBERS[e.pick % NUMBERS.length] ?? 0);
      break;
    case "addKey": {
      const objects = containers(root).filter((c) => !Array.isArray(c));
      const target = objects[e.pick % Math.max(objects.length, 1)];
      if (target !== undefined && !Array.isArray(target)) target[KEYS[e.at % KEYS.length] ?? "typo"] = typeof e.junk === "object" ? true : e.junk;
      break;
    }
    case "delete": {
      const holder = slot?.holder;
      if (Array.isArray(holder)) holder.splice(slot?.key as number, 1);
      else if (holder !== undefined) delete holder[slot?.key as string];
      break;
    }
    case "replaceRoot":
      return e.junk;
  }
  return root;
}

/** A well-formed script (as JSON, the way a file gives it) after 0–3 random edits. */
export const editedScript: fc.Arbitrary<Json> = fc
  .tuple(wellFormedScript, fc.array(edit, { maxLength: 3 }))
  .map(([script, edits]) => edits.reduce<Json>((value, e) => apply(value, e), JSON.parse(JSON.stringify(script)) as Json));
