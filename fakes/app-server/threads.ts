/**
 * Thread and turn requests of the fake app-server: `thread/start` (response, then `thread/started`),
 * `thread/resume`, `turn/start` (response with `inProgress`/`notLoaded`, then the opening
 * notifications, then the model-driven engine) and `turn/interrupt` (`{}`, idle, interrupted).
 * Faults modelled here: a turn stalled by a rule, a per-turn model override, unknown ids.
 */
import type { Random } from "../../src/runtime/random.ts";
import type { FakeWorld } from "../world.ts";
import { ActiveTurn, finishInterrupted, turnNotify, type TurnEnv } from "./active-turn.ts";
import type { Connection, JsonRpcId } from "./connection.ts";
import { uuidV7 } from "./ids.ts";
import { compileResponse, playCompiled, responseForCall, type ModelPort } from "./model.ts";
import { rateLimits, rolloutPath, threadPayload, threadStartResult, turnPayload, userMessageItem, type ThreadRecord } from "./payloads.ts";
import { SCRIPT_DEFAULTS, type FakeCodexScript, type ModelTurnScript } from "./script.ts";
import { driveTurn } from "./turn.ts";

export interface ThreadHandlers {
  start(id: JsonRpcId, params: Record<string, unknown>): void;
  resume(id: JsonRpcId, params: Record<string, unknown>): void;
  startTurn(id: JsonRpcId, params: Record<string, unknown>, override: ModelTurnScript | undefined): void;
  interrupt(id: JsonRpcId, params: Record<string, unknown>): void;
  /** The index the next `turn/start` will get (turns are counted per process). */
  nextTurnIndex(): number;
  /** Stops the running turn with this index from sending anything more; false if none runs. */
  stallTurn(index: number): boolean;
}

/** What the codex configuration says about new threads (`model`, `model_provider`). */
export interface SessionDefaults {
  readonly model?: string;
  readonly modelProvider?: string;
}

export interface ThreadDeps {
  readonly conn: Connection;
  readonly world: FakeWorld;
  readonly script: FakeCodexScript;
  readonly model: ModelPort;
  /** The configured model and provider (codex config), reported on threads. */
  readonly session?: SessionDefaults;
  readonly channel: string;
  readonly random: Random;
  readonly codexHome: string;
  readonly defaultCwd: string;
  /** The client name from `initialize`. */
  readonly clientName: () => string;
}

function userText(input: unknown): string {
  if (!Array.isArray(input)) return "";
  return input.map((part) => (typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : "")).join("\n");
}

export function createThreadHandlers(deps: ThreadDeps): ThreadHandlers {
  const { conn, world } = deps;
  const env: TurnEnv = { conn, world, script: deps.script, channel: deps.channel };
  const threads = new Map<string, ThreadRecord>();
  const activeByThread = new Map<string, ActiveTurn>();
  const turns: ActiveTurn[] = [];

  const newId = (): string => uuidV7(world.clock.nowMs(), deps.random);

  function threadFor(id: JsonRpcId, method: string, params: Record<string, unknown>): ThreadRecord | undefined {
    const threadId = String(params["threadId"] ?? "");
    const thread = threads.get(threadId);
    if (thread === undefined) conn.respondError(id, method, { code: -32600, message: `thread not found: ${threadId}` });
    return thread;
  }

  function modelFor(override: ModelTurnScript | undefined): ModelPort {
    if (override === undefined) return deps.model;
    return { respond: (request) => playCompiled(world, compileResponse(responseForCall(override, request.call), deps.random)) };
  }

  return {
    nextTurnIndex: () => turns.length,

    stallTurn(index) {
      const turn = turns[index];
      if (turn === undefined || !turn.isRunning) return false;
      turn.state = "stalled";
      return true;
    },

    start(id, params) {
      const threadId = newId();
      const ephemeral = params["ephemeral"] === true;
      const thread: ThreadRecord = {
        id: threadId,
        cwd: typeof params["cwd"] === "string" ? params["cwd"] : deps.defaultCwd,
        model: typeof params["model"] === "string" ? params["model"] : (deps.session?.model ?? SCRIPT_DEFAULTS.model),
        modelProvider: typeof params["modelProvider"] === "string" ? params["modelProvider"] : (deps.session?.modelProvider ?? "openai"),
        ephemeral,
        approvalPolicy: params["approvalPolicy"] ?? "on-request",
        createdAtS: Math.floor(world.clock.nowMs() / 1000),
        path: ephemeral ? null : rolloutPath(deps.codexHome, world.clock.nowMs(), threadId),
        originator: deps.clientName(),
      };
      threads.set(threadId, thread);
      conn.respond(id, "thread/start", threadStartResult(thread));
      conn.notify("thread/started", { thread: threadPayload(thread, { type: "idle" }) });
    },

    resume(id, params) {
      const threadId = String(params["threadId"] ?? "");
      const thread = threads.get(threadId);
      if (thread === undefined) return conn.respondError(id, "thread/resume", { code: -32600, message: `no rollout found for thread id ${threadId}` });
      conn.respond(id, "thread/resume", threadStartResult(thread));
    },

    startTurn(id, params, override) {
      if (!Array.isArray(params["input"])) return conn.respondError(id, "turn/start", { code: -32600, message: "Invalid request: missing field `input`" });
      const thread = threadFor(id, "turn/start", params);
      if (thread === undefined) return;
      const turn = new ActiveTurn(turns.length, newId(), thread, params["approvalPolicy"] ?? thread.approvalPolicy, modelFor(override), world.clock.nowMs());
      if (params["outputSchema"] !== undefined && params["outputSchema"] !== null) turn.outputSchema = params["outputSchema"];
      turns.push(turn);
      activeByThread.set(thread.id, turn);
      const startedAtS = Math.floor(turn.startedAtMs / 1000);
      const view = { id: turn.id, items: [], itemsView: "notLoaded", error: null, completedAtS: null, durationMs: null } as const;
      conn.respond(id, "turn/start", { turn: turnPayload({ ...view, status: "inProgress", startedAtS: null }) });
      const ids = { threadId: thread.id, turnId: turn.id };
      turnNotify(env, turn, "thread/status/changed", { threadId: thread.id, status: { type: "active", activeFlags: [] } });
      turnNotify(env, turn, "turn/started", { threadId: thread.id, turn: turnPayload({ ...view, status: "inProgress", startedAtS }) });
      const userId = newId();
      const atMs = world.clock.nowMs();
      const started = userMessageItem(userId, params["input"], { startedAtMs: atMs, completedAtMs: null });
      turnNotify(env, turn, "item/started", { item: started, ...ids, startedAtMs: atMs });
      const completed = userMessageItem(userId, params["input"], { startedAtMs: atMs, completedAtMs: atMs });
      turnNotify(env, turn, "item/completed", { item: completed, ...ids, contentTokenCount: null, completedAtMs: atMs });
      if (!turn.isRunning) return;
      driveTurn(env, turn, userText(params["input"])).catch((error: unknown) => {
        conn.traceEvent("appserver.bug", { turn: turn.index, message: error instanceof Error ? error.message : String(error) });
      });
    },

    interrupt(id, params) {
      const thread = threadFor(id, "turn/interrupt", params);
      if (thread === undefined) return;
      const turn = activeByThread.get(thread.id);
      const live = turn !== undefined && turn.id === params["turnId"] && turn.state !== "finished" ? turn : undefined;
      // Aborting an open model stream reports the response's rate limits first, before the `{}` (as 0.169.0 does).
      if (live?.streamOpen === true) {
        live.streamOpen = false;
        conn.notify("account/rateLimits/updated", { rateLimits: rateLimits() }, live.index);
      }
      conn.respond(id, "turn/interrupt", {});
      if (live !== undefined) finishInterrupted(env, live);
    },
  };
}
