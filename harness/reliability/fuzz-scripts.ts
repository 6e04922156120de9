/**
 * fast-check arbitraries of fake-codex fault scripts for the reliability fuzz: well-formed scripts
 * (every field kind the validator knows, rule triggers paired with the actions they allow), and
 * malformed ones (a well-formed script with one mutation, or arbitrary JSON).
 */
import * as fc from "fast-check";

type Obj = Record<string, unknown>;

const small = fc.string({ maxLength: 12 });
const phase = fc.constantFrom("commentary", "partial_answer", "final_answer", null);

const output = fc.oneof(
  fc.record({ type: fc.constant("message"), phase, deltas: fc.array(small, { maxLength: 3 }), done: fc.boolean() }, { requiredKeys: ["type", "deltas"] }),
  fc.record({ type: fc.constant("exec_command"), cmd: small, output: small }, { requiredKeys: ["type", "cmd"] }),
);

const response = fc.oneof(
  fc.record({ http: fc.record({ status: fc.integer({ min: 400, max: 599 }), message: small }, { requiredKeys: ["status"] }) }),
  fc.record(
    {
      output: fc.array(output, { maxLength: 3 }),
      end: fc.constantFrom("completed", "stall", "cut"),
      delayMs: fc.nat(5_000),
      eventDelayMs: fc.nat(1_000),
    },
    { requiredKeys: [] },
  ),
);

const turn = fc.oneof(response, fc.array(response, { minLength: 1, maxLength: 3 }));

const methods = fc.constantFrom("initialize", "thread/start", "turn/start");
const noMethodAction = fc.oneof(
  fc.record({ kind: fc.constant("exit"), code: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constant(null)), signal: fc.constantFrom("SIGKILL", "SIGTERM", null) }, { requiredKeys: ["kind"] }),
  fc.record({ kind: fc.constant("stall") }),
  fc.record({ kind: fc.constant("malformed"), line: small }, { requiredKeys: ["kind"] }),
  fc.record({ kind: fc.constant("closeStdin") }),
  fc.record({ kind: fc.constant("stderr"), text: small }),
);
const methodAction = fc.oneof(
  noMethodAction,
  fc.record({ kind: fc.constant("error"), code: fc.integer({ min: -32_768, max: -32_000 }), message: small }),
  fc.record({ kind: fc.constant("delay"), ms: fc.nat(3_000) }),
);

const rule = fc.oneof(
  fc.record({ id: small, when: fc.constant({ start: true }), action: noMethodAction, times: fc.integer({ min: 1, max: 3 }) }, { requiredKeys: ["when", "action"] }),
  fc.record({ when: fc.record({ method: methods, nth: fc.integer({ min: 1, max: 2 }) }, { requiredKeys: ["method"] }), action: methodAction }),
  fc.record({ when: fc.constant({ method: "turn/start" }), action: fc.record({ kind: fc.constant("model"), response: turn }) }),
  fc.record({
    when: fc.record(
      { afterNotification: fc.integer({ min: 1, max: 6 }), notification: fc.constantFrom("item/completed", "item/started", "turn/started"), turn: fc.integer({ min: 0, max: 1 }) },
      { requiredKeys: ["afterNotification"] },
    ),
    action: noMethodAction,
  }),
);

export const wellFormedScript: fc.Arbitrary<Obj> = fc.record(
  {
    auth: fc.constantFrom("apiKey", "chatgpt", "provider", "none"),
    refresh: fc.constantFrom("ok", "expired"),
    provider: fc.record(
      { streamMaxRetries: fc.nat(3), streamIdleTimeoutMs: fc.oneof(fc.integer({ min: 1, max: 300_000 }), fc.constant(null)), retryBackoffMs: fc.array(fc.nat(2_000), { maxLength: 3 }) },
      { requiredKeys: [] },
    ),
    model: fc.record({ turns: fc.array(turn, { maxLength: 2 }), default: turn }, { requiredKeys: [] }),
    rules: fc.array(rule, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** One mutation that a well-formed script must not survive unnoticed (most make it invalid). */
const mutations: readonly ((script: Obj, junk: unknown) => unknown)[] = [
  (s, junk) => ({ ...s, [`unknownField`]: junk }),
  (s) => ({ ...s, rules: [{ when: { start: true }, action: { kind: "explode" } }] }),
  (s) => ({ ...s, rules: [{ when: {}, action: { kind: "stall" } }] }),
  (s) => ({ ...s, rules: [{ when: { start: true, method: "turn/start" }, action: { kind: "stall" } }] }),
  (s) => ({ ...s, rules: [{ when: { start: true }, action: { kind: "error", code: 1, message: "x" } }] }),
  (s) => ({ ...s, rules: [{ when: { method: "thread/start" }, action: { kind: "model", response: {} } }] }),
  (s) => ({ ...s, rules: [{ when: { afterNotification: 0 }, action: { kind: "exit", code: 300 } }] }),
  (s, junk) => ({ ...s, model: { turns: junk } }),
  (s) => ({ ...s, model: { turns: [{ output: [{ type: "message", phase: "loud", deltas: [1] }] }] } }),
  (s) => ({ ...s, model: { default: [] } }),
  (s) => ({ ...s, provider: { streamMaxRetries: -1 } }),
  (s) => ({ ...s, auth: "sometimes" }),
  (s, junk) => ({ ...s, afterInitialize: junk }),
  (s) => ({ ...s, model: { turns: [{ http: { status: 99 } }] } }),
  (_s, junk) => junk,
];

export const malformedScript: fc.Arbitrary<unknown> = fc
  .tuple(wellFormedScript, fc.nat(mutations.length - 1), fc.jsonValue({ depthSize: "small" }))
  .map(([script, which, junk]) => (mutations[which] ?? ((s: Obj) => s))(script, junk));

/** Either kind, about half each; JSON-round-tripped like a script read from a file. */
export const anyScript: fc.Arbitrary<{ readonly intended: "valid" | "malformed"; readonly value: unknown }> = fc
  .oneof(wellFormedScript.map((v) => ({ intended: "valid" as const, value: v })), malformedScript.map((v) => ({ intended: "malformed" as const, value: v })))
  .map((s) => ({ ...s, value: JSON.parse(JSON.stringify(s.value ?? null)) as unknown }));
