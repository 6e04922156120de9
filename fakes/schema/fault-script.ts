/**
 * The shape of a fake-codex fault script, declared once. `validateFakeCodexScript` checks scripts
 * against it (fakes/app-server/validate-script.ts) and `pnpm fault-script:schema` writes it out as
 * the JSON Schema fakes/schema/fault-script.schema.json, so the validator and the schema an editor
 * uses cannot disagree. Each object is also tied to its TypeScript type in fakes/app-server/script.ts
 * (`satisfies FieldsOf<…>`): a field added to one and not the other does not compile.
 */
import type { FakeCodexScript, FaultAction, FaultMatch, FaultRule, ModelOutputScript, ModelResponseScript, ModelScript } from "../app-server/script.ts";
import { SCRIPT_DEFAULTS } from "../app-server/script.ts";
import {
  anyObject,
  anyValue,
  arrayOf,
  integer,
  keyed,
  named,
  object,
  oneOf,
  oneOrMany,
  opt,
  req,
  string,
  tagged,
  type FieldsOf,
  type Shape,
  type Variant,
} from "./shape.ts";

type Tagged<U, K extends string, V> = Omit<Extract<U, Record<K, V>>, K>;
type VariantsOf<U extends Record<K, string>, K extends string> = { readonly [V in U[K]]: Variant & { readonly fields: FieldsOf<Tagged<U, K, V>> } };

const anyInt = { min: 0 } as const;

const output = named(
  "modelOutput",
  tagged({
    tag: "type",
    noun: "output",
    order: "tag-first",
    description: "One item the model streams back.",
    variants: {
      message: {
        description: "An assistant message, streamed as deltas.",
        fields: {
          phase: opt(oneOf(["commentary", "partial_answer", "final_answer", null]), { description: "Copied to `agentMessage.phase`; absent → null, as codex 0.169.0 does." }),
          deltas: req(arrayOf(string()), { description: "The text, in the chunks the stream delivers." }),
          done: opt(oneOf([true, false]), { description: "false: the stream never sends `output_item.done` for this message.", default: true }),
        },
      },
      exec_command: {
        description: "A function call the app-server turns into a `commandExecution` item (and an approval, if the policy asks).",
        fields: {
          cmd: req(string()),
          callId: opt(string()),
          output: opt(string(), { description: "What the fake reports as the command's output when it \"runs\"." }),
        },
      },
    } satisfies VariantsOf<ModelOutputScript, "type">,
  }),
);

const httpResponse = object(
  {
    http: req(
      object({
        status: req(integer({ min: 100, max: 599 })),
        message: opt(string()),
        type: opt(string()),
        code: opt(string()),
      } satisfies FieldsOf<Extract<ModelResponseScript, { http: unknown }>["http"]>),
      { description: "The HTTP request fails with this status and a JSON error body." },
    ),
  } satisfies FieldsOf<Extract<ModelResponseScript, { http: unknown }>>,
);

const streamResponse = object({
  output: opt(arrayOf(output)),
  end: opt(oneOf(["completed", "stall", "cut"]), { description: "completed: `response.completed`; stall: the stream goes silent; cut: the stream closes before `response.completed`.", default: "completed" }),
  delayMs: opt(integer(anyInt), { description: "Virtual ms before the first event." }),
  eventDelayMs: opt(integer(anyInt), { description: "Virtual ms between events." }),
  usage: opt(object({ inputTokens: req(integer(anyInt)), outputTokens: req(integer(anyInt)) })),
} satisfies FieldsOf<Exclude<ModelResponseScript, { http: unknown }>>);

const response = named("modelResponse", keyed("http", httpResponse, streamResponse), { description: "What one model call (one `POST /v1/responses`) does: an HTTP error, or a stream." });

const turn = named(
  "modelTurn",
  oneOrMany(response, { description: "A turn's model calls in order (retries and tool follow-ups each take the next; the last repeats)." }),
);

export const modelScriptShape: Shape = named(
  "model",
  object({
    turns: opt(arrayOf(turn), { description: "By turn index, counted by the model across every app-server process that shares it." }),
    default: opt(turn, { description: 'For turns past the end of `turns`; defaults to one final answer "Done."' }),
  } satisfies FieldsOf<ModelScript>),
  { description: "What the model answers on each turn." },
);

/** A trigger with one of these keys; the rest narrow it. */
const TRIGGERS = ["start", "method", "afterNotification", "afterEvent"];
/** `afterEvent` fires in exec mode, between JSONL events: only actions that need no request or turn. */
const EXEC_EVENT_ACTIONS = ["exit", "stall", "malformed", "stderr"];

const when = named(
  "trigger",
  object(
    {
      process: opt(integer(anyInt), { description: "0-based spawn index among the processes one program started; any when absent." }),
      start: opt(oneOf([true]), { description: "At process start, before any input." }),
      method: opt(string(), { description: "An incoming request with this method." }),
      nth: opt(integer({ min: 1 }), { description: "Only its Nth occurrence in this process (1-based)." }),
      turn: opt(integer(anyInt), { description: '0-based turn index in this process (with `method: "turn/start"` or `afterNotification`).' }),
      afterNotification: opt(integer({ min: 1 }), { description: "After the Nth outgoing notification (1-based; counted within the turn when `turn` is set)." }),
      notification: opt(string(), { description: "Count only notifications with this method." }),
      afterEvent: opt(integer({ min: 1 }), { description: "exec mode only: after the Nth JSONL event written to stdout (1-based). The app-server ignores it." }),
      event: opt(string(), { description: 'With `afterEvent`: count only events of this `type` (e.g. "item.completed").' }),
    } satisfies FieldsOf<FaultMatch>,
    { exactlyOne: { keys: TRIGGERS, noun: "trigger" }, description: 'When the rule fires: exactly one of "start", "method", "afterNotification", "afterEvent".' },
  ),
);

const needsMethod = { sibling: "when", key: "method", noun: "trigger" } as const;

const action = named(
  "action",
  tagged({
    tag: "kind",
    noun: "action",
    order: "fields-first",
    description: "What the rule does when it fires.",
    guards: [{ sibling: "when", key: "afterEvent", noun: "trigger", tags: EXEC_EVENT_ACTIONS }],
    variants: {
      error: {
        description: "Answer the request with this JSON-RPC error instead of handling it (needs `when.method`).",
        fields: { code: req(integer({ min: Number.MIN_SAFE_INTEGER })), message: req(string()), data: opt(anyValue()) },
        requires: [needsMethod],
      },
      exit: {
        description: "Exit with the code (default 1) or die by the signal; nothing more is written.",
        fields: { code: opt(integer({ min: 0, max: 255, orNull: true })), signal: opt(string({ orNull: true }), { description: 'e.g. "SIGKILL"' }) },
      },
      stall: { description: "Never answer (a request), go silent (a turn), or stop answering (the server).", fields: {} },
      malformed: { description: "Write a truncated JSON line.", fields: { line: opt(string()) } },
      closeStdin: { description: "Close stdin: the client's next write fails with EPIPE.", fields: {} },
      delay: { description: "Handle the request after that many virtual ms (needs `when.method`).", fields: { ms: req(integer(anyInt)) }, requires: [needsMethod] },
      stderr: { description: "Write to stderr.", fields: { text: req(string()) } },
      model: {
        description: 'Use this model script for that turn instead of asking the model (needs `when.method: "turn/start"`).',
        fields: { response: req(turn) },
        requires: [needsMethod, { ...needsMethod, equals: "turn/start" }],
      },
    } satisfies VariantsOf<FaultAction, "kind">,
  }),
);

const rule = named(
  "rule",
  object(
    {
      id: opt(string(), { description: "Names the rule in `appserver.fault` trace events." }),
      when: req(when),
      action: req(action),
      times: opt(integer({ min: 1 }), { description: "How many times the rule may fire.", default: 1 }),
    } satisfies FieldsOf<FaultRule>,
    { checkOrder: ["id", "times", "when", "action"], description: "A fault rule; rules are checked in order." },
  ),
);

type ScriptFile = FakeCodexScript & { readonly $schema?: string; readonly description?: string };

export const faultScriptShape: Shape = object({
  $schema: opt(string(), { description: "The JSON Schema this file follows (for editors); ignored by the fake." }),
  description: opt(string(), { description: "Free text: what this script simulates." }),
  auth: opt(oneOf(["apiKey", "chatgpt", "provider", "none"]), {
    description: "apiKey | chatgpt (a model 401 triggers a token refresh) | provider (custom provider) | none (logged out).",
    default: "apiKey",
  }),
  refresh: opt(oneOf(["ok", "expired"]), { description: "chatgpt mode: what the token refresh does after a model 401.", default: "expired" }),
  provider: opt(
    object({
      streamMaxRetries: opt(integer({ min: 0, max: 100 }), { description: 'Failed model calls retried, each announced by `error "Reconnecting... n/N"`.', default: SCRIPT_DEFAULTS.streamMaxRetries }),
      streamIdleTimeoutMs: opt(integer({ min: 1, orNull: true }), { description: "null disables the idle timeout: a stalled stream then hangs the turn.", default: SCRIPT_DEFAULTS.streamIdleTimeoutMs }),
      retryBackoffMs: opt(arrayOf(integer(anyInt)), { description: "Virtual ms before each retry; the last repeats.", default: SCRIPT_DEFAULTS.retryBackoffMs }),
      baseUrl: opt(string(), { description: "Only used in error messages (`…, url: <baseUrl>/responses`).", default: SCRIPT_DEFAULTS.baseUrl }),
    } satisfies FieldsOf<NonNullable<FakeCodexScript["provider"]>>),
    { description: "How the model provider retries and times out." },
  ),
  model: opt(modelScriptShape),
  rules: opt(arrayOf(rule), { description: "Ordered fault rules." }),
  afterInitialize: opt(
    arrayOf(object({ method: req(string()), params: req(anyObject()) })),
    { description: "Unsolicited notifications right after `initialize` (e.g. `configWarning`)." },
  ),
} satisfies FieldsOf<ScriptFile>);
