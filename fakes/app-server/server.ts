/**
 * The fake Codex app-server engine, independent of the byte transport: feed it stdin lines, it
 * writes JSONL through its host. Protocol as observed with codex 0.169.0 (malformed lines ignored,
 * string and number ids echoed, handshake errors, unknown-variant errors, thread and turn
 * lifecycles, approvals). Faults modelled: every fault-script rule (JSON-RPC error on a method,
 * exit or crash with a signal at start / on a method / after the Nth notification, stall of one
 * request, of a turn or of the whole server, malformed output, stdin close → EPIPE, delayed
 * responses, stderr noise, per-turn model overrides) and stdin EOF / SIGTERM → exit 0 at once with
 * no terminal notification.
 */
import { schemaCheckTap } from "../protocol/validate.ts";
import type { FakeWorld } from "../world.ts";
import { Connection, type AppServerHost, type JsonRpcId, type SentMessageTap } from "./connection.ts";
import { FaultBook, type FiredRule } from "./faults.ts";
import { createScriptedModel, type ModelPort } from "./model.ts";
import type { FakeCodexScript, FaultAction, ModelTurnScript } from "./script.ts";
import { createThreadHandlers, type SessionDefaults, type ThreadHandlers } from "./threads.ts";
import { CLIENT_METHODS, unknownVariantMessage } from "./methods.ts";
import { accountReadResult, initializeResult, type ThreadRecord } from "./payloads.ts";
import { validateFakeCodexScript } from "./validate-script.ts";
import METHOD_TABLE from "../protocol/method-table.json" with { type: "json" };
import type { MethodEntry } from "../protocol/method-table.ts";

const METHODS = METHOD_TABLE as Readonly<Record<string, MethodEntry | undefined>>;

/** serde's words for a params value of the wrong type (as codex 0.169.0 answers them), or undefined when it fits. */
function paramsTypeError(entry: MethodEntry, params: unknown, present: boolean): string | undefined {
  const struct = entry.params;
  if (struct === null) return undefined;
  if (params === null || !present) return present && struct.required ? "Invalid request: missing field `params`" : undefined;
  if (Array.isArray(params))
    return params.length === struct.fields ? undefined : `Invalid request: invalid length ${params.length}, expected struct ${struct.name} with ${struct.fields} elements`;
  if (typeof params === "string") return `Invalid request: invalid type: string ${JSON.stringify(params)}, expected struct ${struct.name}`;
  if (typeof params === "number") return `Invalid request: invalid type: ${Number.isInteger(params) ? "integer" : "floating point"} \`${params}\`, expected struct ${struct.name}`;
  if (typeof params === "boolean") return `Invalid request: invalid type: boolean \`${params}\`, expected struct ${struct.name}`;
  return undefined;
}

export interface FakeAppServerOptions {
  readonly world: FakeWorld;
  readonly host: AppServerHost;
  readonly script?: FakeCodexScript;
  /** The model the turn engine asks; default: a scripted model built from `script.model`. */
  readonly model?: ModelPort;
  /** Names this server in traces and scheduler channels (default "codex"). */
  readonly name?: string;
  /** 0-based spawn index, matched by rules' `when.process`. */
  readonly processIndex?: number;
  /** Emit appserver.* trace events (default true). */
  readonly emitTrace?: boolean;
  readonly codexHome?: string;
  /** A thread's cwd when `thread/start` names none (default "/workspace"). */
  readonly cwd?: string;
  /** Sees every message written, e.g. `schemaCheckTap(emit)` from fakes/protocol. */
  readonly onSent?: SentMessageTap;
  /** `thread/resume` of a thread this process never started: a persisted one (exec mode's `resume <id>`), or undefined. */
  readonly loadThread?: (threadId: string) => ThreadRecord | undefined;
  /** The configured model and provider threads report (from the codex configuration). */
  readonly session?: SessionDefaults;
}

export interface FakeAppServer {
  readonly name: string;
  readonly state: "open" | "wedged" | "exited";
  /** Runs the fault rules that fire at process start. */
  start(): void;
  handleLine(line: string): void;
  /** stdin EOF: exit 0 at once, no terminal notification. */
  handleStdinEnd(): void;
  /** SIGTERM/SIGINT: exit 0 at once; any other signal kills the process with that signal. */
  handleSignal(signal: string): void;
}

const MALFORMED_LINE = '{"method":"turn/completed","params":{"threadId":';
const IMPLEMENTED = new Set(["initialize", "thread/start", "thread/resume", "turn/start", "turn/interrupt", "account/read", "config/read", "thread/list", "thread/name/set", "configRequirements/read"]);

interface Incoming {
  readonly id?: JsonRpcId;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: unknown;
}

function parse(line: string): Incoming | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Incoming) : undefined;
  } catch {
    return undefined;
  }
}

export function createFakeAppServer(options: FakeAppServerOptions): FakeAppServer {
  const { world } = options;
  const script = options.script ?? {};
  // Validated wherever a script enters (tsx does not type-check): a typo must not disable a rule.
  if (options.script !== undefined) validateFakeCodexScript(options.script, "createFakeAppServer script");
  const name = options.name ?? "codex";
  const faults = new FaultBook(script.rules ?? [], options.processIndex ?? 0);
  const conn = new Connection(name, world, options.host, faults, options.emitTrace ?? true);
  // Every message the fake sends is checked against the real binary's schema unless a caller taps it.
  conn.onSent = options.onSent ?? schemaCheckTap(world.emit);
  const model = options.model ?? createScriptedModel({ world, label: `fake-model:${name}`, ...(script.model ? { script: script.model } : {}) });
  const threads: ThreadHandlers = createThreadHandlers({
    conn,
    world,
    script,
    model,
    ...(options.session === undefined ? {} : { session: options.session }),
    channel: `${name}:model`,
    random: world.random(`fake-app-server:${name}`),
    codexHome: options.codexHome ?? "/home/fake/.codex",
    defaultCwd: options.cwd ?? "/workspace",
    clientName: () => clientName,
    ...(options.loadThread === undefined ? {} : { loadThread: options.loadThread }),
  });
  let initialized = false;
  let experimentalApi = false;
  let clientName = "client";

  function fire(fired: FiredRule, at: string): void {
    conn.traceEvent("appserver.fault", { rule: fired.name, action: fired.rule.action.kind, at });
  }

  /** Actions that need no request to act on; returns false when the server stopped. */
  function ambient(action: FaultAction, turn: number | undefined): boolean {
    switch (action.kind) {
      case "exit":
        conn.exit(action.signal ? { code: null, signal: action.signal } : { code: action.code ?? 1, signal: null });
        return false;
      case "stall":
        if (turn === undefined || !threads.stallTurn(turn)) conn.wedge();
        return turn !== undefined;
      case "malformed":
        conn.writeRaw(action.line ?? MALFORMED_LINE);
        return true;
      case "closeStdin":
        conn.closeStdin();
        return true;
      case "stderr":
        conn.writeStderr(action.text);
        return true;
      default:
        return true;
    }
  }

  conn.onNotificationFault = (fired, turn) => {
    fire(fired, "notification");
    ambient(fired.rule.action, turn);
  };

  function handleRequest(message: Incoming & { id: JsonRpcId; method: string }): void {
    const turnIndex = message.method === "turn/start" ? threads.nextTurnIndex() : undefined;
    let delayMs = 0;
    let override: ModelTurnScript | undefined;
    for (const fired of faults.onRequest(message.method, turnIndex)) {
      fire(fired, `request ${message.method}`);
      const action = fired.rule.action;
      if (action.kind === "error") {
        const error = action.data === undefined ? { code: action.code, message: action.message } : { code: action.code, message: action.message, data: action.data };
        return conn.respondError(message.id, message.method, error);
      }
      if (action.kind === "stall") return;
      if (action.kind === "delay") delayMs += action.ms;
      else if (action.kind === "model") override = action.response;
      else if (!ambient(action, undefined)) return;
    }
    const run = (): void => dispatch(message, override);
    if (delayMs > 0) world.clock.setTimer(delayMs, () => conn.isOpen && run(), { label: `delayed ${message.method}` });
    else run();
  }

  function dispatch(message: Incoming & { id: JsonRpcId; method: string }, override: ModelTurnScript | undefined): void {
    const { id, method } = message;
    const entry = METHODS[method];
    if (entry === undefined || !CLIENT_METHODS.includes(method) && !entry.experimental) return conn.respondError(id, method, { code: -32600, message: unknownVariantMessage(method) });
    const typeError = paramsTypeError(entry, message.params, "params" in message);
    if (typeError !== undefined) return conn.respondError(id, method, { code: -32600, message: typeError });
    const params = (typeof message.params === "object" && message.params !== null && !Array.isArray(message.params) ? message.params : {}) as Record<string, unknown>;
    if (method === "initialize") return initialize(id, params);
    if (!initialized) return conn.respondError(id, method, { code: -32600, message: "Not initialized" });
    if (entry.experimental && !experimentalApi) return conn.respondError(id, method, { code: -32600, message: `${method} requires experimentalApi capability` });
    switch (method) {
      case "thread/start":
        return threads.start(id, params);
      case "thread/resume":
        return threads.resume(id, params);
      case "turn/start":
        return threads.startTurn(id, params, override);
      case "turn/interrupt":
        return threads.interrupt(id, params);
      case "account/read":
        return conn.respond(id, method, accountReadResult(script.auth ?? "apiKey"));
      case "config/read":
        return conn.respond(id, method, { config: {}, origins: {} });
      case "thread/list":
        return conn.respond(id, method, { data: [], nextCursor: null });
      case "thread/name/set":
        return conn.respond(id, method, {});
      case "configRequirements/read":
        // The real server writes the absent requirements as an explicit null (OpenClaw 2026.9 requires the key).
        return conn.respond(id, method, { requirements: null });
    }
    // Every other method: a deterministic answer valid against its response schema (fakes/protocol/method-table.json).
    if (!IMPLEMENTED.has(method)) conn.respond(id, method, structuredClone(entry.result) as Record<string, unknown>);
  }

  function initialize(id: JsonRpcId, params: Record<string, unknown>): void {
    if (initialized) return conn.respondError(id, "initialize", { code: -32600, message: "Already initialized" });
    initialized = true;
    const capabilities = (params["capabilities"] ?? {}) as { optOutNotificationMethods?: unknown; experimentalApi?: unknown };
    experimentalApi = capabilities.experimentalApi === true;
    const optOut = capabilities.optOutNotificationMethods;
    if (Array.isArray(optOut)) conn.setOptOut(optOut.filter((m): m is string => typeof m === "string"));
    const clientInfo = (params["clientInfo"] ?? {}) as { name?: unknown; version?: unknown };
    clientName = String(clientInfo.name ?? "client");
    conn.respond(id, "initialize", initializeResult(clientName, String(clientInfo.version ?? "0.0.0"), options.codexHome ?? "/home/fake/.codex"));
    for (const note of script.afterInitialize ?? []) conn.notify(note.method, note.params);
  }

  return {
    name,
    get state() {
      return conn.hasExited ? "exited" : conn.isOpen ? "open" : "wedged";
    },
    start() {
      for (const fired of faults.atStart()) {
        fire(fired, "start");
        if (!ambient(fired.rule.action, undefined)) return;
      }
    },
    handleLine(line) {
      if (!conn.isOpen) return;
      const message = parse(line);
      if (message === undefined) return conn.traceEvent("appserver.recv", { malformed: true });
      const summary = { ...(message.method === undefined ? {} : { method: message.method }), ...(message.id === undefined ? {} : { id: message.id }) };
      conn.traceEvent("appserver.recv", summary);
      if (message.method === undefined) {
        if (message.id !== undefined) conn.receiveReply({ id: message.id, result: message.result, error: message.error });
        return;
      }
      if (message.id === undefined || message.id === null) return; // a client notification (`initialized`)
      if (typeof message.id !== "string" && typeof message.id !== "number") return;
      handleRequest({ ...message, id: message.id, method: message.method });
    },
    handleStdinEnd() {
      conn.traceEvent("appserver.stdin-eof", {});
      conn.exit({ code: 0, signal: null });
    },
    handleSignal(signal) {
      conn.traceEvent("appserver.signal", { signal });
      if (signal === "SIGTERM" || signal === "SIGINT") conn.exit({ code: 0, signal: null });
      else conn.exit({ code: null, signal });
    },
  };
}
