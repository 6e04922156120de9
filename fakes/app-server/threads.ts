/**
 * Thread and turn requests of the fake app-server: `thread/start` (response, then `thread/started`),
 * `thread/resume`, `turn/start` (response with `inProgress`/`notLoaded`, then the opening
 * notifications, then the model-driven engine), `review/start` (a turn inside review mode whose
 * answer comes out as `exitedReviewMode`) and `turn/interrupt` (`{}`, idle, interrupted).
 * Faults modelled here: a turn stalled by a rule, a per-turn model override, unknown or malformed ids.
 */
import type { Random } from "../../src/runtime/random.ts";
import type { FakeWorld } from "../world.ts";
import { ActiveTurn, finishInterrupted, turnNotify, type TurnEnv } from "./active-turn.ts";
import type { Connection, JsonRpcId } from "./connection.ts";
import { uuidV7 } from "./ids.ts";
import { compileResponse, playCompiled, responseForCall, type ModelPort } from "./model.ts";
import { rateLimits, rolloutPath, threadPayload, threadStartResult, turnPayload, userMessageItem, type ThreadRecord } from "./payloads.ts";
import { reviewPrompt } from "./review.ts";
import { SCRIPT_DEFAULTS, type FakeCodexScript, type ModelTurnScript } from "./script.ts";
import { archivedSession, noRollout, notFound, ThreadStore, type ThreadState } from "./thread-store.ts";
import { driveTurn } from "./turn.ts";
import { parseUuid } from "./uuid.ts";

export interface ThreadHandlers {
  readonly store: ThreadStore;
  start(id: JsonRpcId, params: Record<string, unknown>): void;
  resume(id: JsonRpcId, params: Record<string, unknown>): void;
  startTurn(id: JsonRpcId, params: Record<string, unknown>, override: ModelTurnScript | undefined): void;
  review(id: JsonRpcId, params: Record<string, unknown>, override: ModelTurnScript | undefined): void;
  interrupt(id: JsonRpcId, params: Record<string, unknown>): void;
  /** The index the next `turn/start` will get (turns are counted per process). */
  nextTurnIndex(): number;
  /** Stops the running turn with this index from sending anything more; false if none runs. */
  stallTurn(index: number): boolean;
  /** Whether a turn's notification is dropped because this connection unsubscribed from its thread. */
  mutes(method: string, turn: number | undefined): boolean;
  /** Whether the thread has a turn in flight. */
  isActive(threadId: string): boolean;
  newId(): string;
}

/** What the codex configuration says about new threads (`model`, `model_provider`) and the merged configuration itself. */
export interface SessionDefaults {
  readonly model?: string | undefined;
  readonly modelProvider?: string | undefined;
  /** The merged configuration table (`config/read` shows it). */
  readonly config?: Readonly<Record<string, unknown>>;
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
  /** A thread persisted by an earlier process, for `thread/resume`. */
  readonly loadThread?: (threadId: string) => ThreadRecord | undefined;
}

const RESUME_HYDRATION = "Full-history hydration is deprecated for paginated threads; use `excludeTurns: true`, then page with `thread/turns/list` and `thread/items/list`.";

function userText(input: unknown): string {
  if (!Array.isArray(input)) return "";
  return input.map((part) => (typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : "")).join("\n");
}

export function createThreadHandlers(deps: ThreadDeps): ThreadHandlers {
  const { conn, world } = deps;
  const env: TurnEnv = { conn, world, script: deps.script, channel: deps.channel };
  const store = new ThreadStore(deps.codexHome);
  const activeByThread = new Map<string, ActiveTurn>();
  const turns: ActiveTurn[] = [];

  const newId = (): string => uuidV7(world.clock.nowMs(), deps.random);

  /** A thread loaded in this process, or undefined after answering the real server's error. */
  function threadFor(id: JsonRpcId, method: string, params: Record<string, unknown>): ThreadState | undefined {
    return store.lookup(conn, { id, method, params }, { missing: notFound, usable: (s) => (s.loaded ? undefined : notFound(s.record.id)) });
  }

  function modelFor(override: ModelTurnScript | undefined): ModelPort {
    if (override === undefined) return deps.model;
    return { respond: (request) => playCompiled(world, compileResponse(responseForCall(override, request.call), deps.random)) };
  }

  function newTurn(state: ThreadState, turnId: string, params: Record<string, unknown>, override: ModelTurnScript | undefined): ActiveTurn {
    const turn = new ActiveTurn(turns.length, turnId, state, params["approvalPolicy"] ?? state.record.approvalPolicy, modelFor(override), world.clock.nowMs());
    turns.push(turn);
    activeByThread.set(state.record.id, turn);
    state.updatedAtS = Math.floor(turn.startedAtMs / 1000);
    return turn;
  }

  /** status active, turn/started, the user message, then the model-driven rest. */
  function runTurn(turn: ActiveTurn, input: unknown[], turnView: Record<string, unknown>): void {
    const threadId = turn.thread.id;
    if (turn.threadState.preview === "") turn.threadState.preview = userText(input);
    turnNotify(env, turn, "thread/status/changed", { threadId, status: { type: "active", activeFlags: [] } });
    turnNotify(env, turn, "turn/started", { threadId, turn: turnView });
    const ids = { threadId, turnId: turn.id };
    const userId = newId();
    const atMs = world.clock.nowMs();
    const started = userMessageItem(userId, input, { startedAtMs: atMs, completedAtMs: null });
    turnNotify(env, turn, "item/started", { item: started, ...ids, startedAtMs: atMs });
    const completed = userMessageItem(userId, input, { startedAtMs: atMs, completedAtMs: atMs });
    turnNotify(env, turn, "item/completed", { item: completed, ...ids, contentTokenCount: null, completedAtMs: atMs });
    if (!turn.isRunning) return;
    driveTurn(env, turn, userText(input)).catch((error: unknown) => {
      conn.traceEvent("appserver.bug", { turn: turn.index, message: error instanceof Error ? error.message : String(error) });
    });
  }

  const inProgress = { items: [], itemsView: "notLoaded", status: "inProgress", error: null, completedAtS: null, durationMs: null } as const;

  return {
    store,
    newId,
    nextTurnIndex: () => turns.length,
    isActive: (threadId) => activeByThread.get(threadId)?.state === "running",

    mutes(method, index) {
      if (index === undefined || method === "thread/status/changed") return false;
      const turn = turns[index];
      return turn !== undefined && !turn.threadState.subscribed;
    },

    stallTurn(index) {
      const turn = turns[index];
      if (turn === undefined || !turn.isRunning) return false;
      turn.state = "stalled";
      return true;
    },

    start(id, params) {
      const threadId = newId();
      const ephemeral = params["ephemeral"] === true;
      const nowMs = world.clock.nowMs();
      const thread: ThreadRecord = {
        id: threadId,
        cwd: typeof params["cwd"] === "string" ? params["cwd"] : deps.defaultCwd,
        model: typeof params["model"] === "string" ? params["model"] : (deps.session?.model ?? SCRIPT_DEFAULTS.model),
        modelProvider: typeof params["modelProvider"] === "string" ? params["modelProvider"] : (deps.session?.modelProvider ?? "openai"),
        ephemeral,
        approvalPolicy: params["approvalPolicy"] ?? "on-request",
        createdAtS: Math.floor(nowMs / 1000),
        path: ephemeral ? null : rolloutPath(deps.codexHome, nowMs, threadId),
        originator: deps.clientName(),
      };
      store.add(thread, { createdAtMs: nowMs });
      conn.respond(id, "thread/start", threadStartResult(thread));
      conn.notify("thread/started", { thread: threadPayload(thread, { type: "idle" }) });
    },

    resume(id, params) {
      const raw = String(params["threadId"] ?? "");
      const parsed = parseUuid(raw);
      if (!parsed.ok) return conn.respondError(id, "thread/resume", { code: -32600, message: `invalid session id: ${parsed.message}` });
      let state = store.get(parsed.id);
      if (state === undefined) {
        const loaded = deps.loadThread?.(raw) ?? deps.loadThread?.(parsed.id);
        if (loaded === undefined) return conn.respondError(id, "thread/resume", { code: -32600, message: noRollout(parsed.id) });
        state = store.add(loaded, { createdAtMs: loaded.createdAtS * 1000 });
      }
      if (state.archived) return conn.respondError(id, "thread/resume", { code: -32600, message: archivedSession(state.record.id) });
      state.loaded = true;
      state.subscribed = true;
      const history = params["excludeTurns"] === true ? [] : store.turnViews(state, "full");
      // Resuming with full history is deprecated for paginated threads: 0.169.0 says so before its answer.
      if (history.length > 0) conn.notify("deprecationNotice", { summary: RESUME_HYDRATION, details: null });
      conn.respond(id, "thread/resume", { ...threadStartResult(state.record), thread: store.view(state, { turns: history }) });
    },

    startTurn(id, params, override) {
      if (!Array.isArray(params["input"])) return conn.respondError(id, "turn/start", { code: -32600, message: "Invalid request: missing field `input`" });
      const state = threadFor(id, "turn/start", params);
      if (state === undefined) return;
      const turn = newTurn(state, newId(), params, override);
      if (params["outputSchema"] !== undefined && params["outputSchema"] !== null) turn.outputSchema = params["outputSchema"];
      conn.respond(id, "turn/start", { turn: turnPayload({ id: turn.id, ...inProgress, startedAtS: null }) });
      runTurn(turn, params["input"] as unknown[], turnPayload({ id: turn.id, ...inProgress, startedAtS: Math.floor(turn.startedAtMs / 1000) }));
    },

    review(id, params, override) {
      const prompt = reviewPrompt(params["target"]);
      if (typeof prompt !== "string") return conn.respondError(id, "review/start", { code: -32600, message: prompt.error });
      const state = threadFor(id, "review/start", params);
      if (state === undefined) return;
      const turn = newTurn(state, newId(), params, override);
      const input = [{ type: "text", text: prompt, text_elements: [] }];
      const promptItem = { type: "userMessage", id: turn.id, clientId: null, content: input, startedAtMs: null, completedAtMs: null };
      conn.respond(id, "review/start", { turn: { ...turnPayload({ id: turn.id, ...inProgress, startedAtS: null }), rootTurnId: null, items: [promptItem] }, reviewThreadId: state.record.id });
      const ids = { threadId: state.record.id, turnId: turn.id };
      const atMs = world.clock.nowMs();
      const entered = (completedAtMs: number | null) => ({ type: "enteredReviewMode", id: newId(), review: prompt, startedAtMs: atMs, completedAtMs });
      const enteredItem = entered(null);
      turnNotify(env, turn, "item/started", { item: enteredItem, ...ids, startedAtMs: atMs });
      turnNotify(env, turn, "item/completed", { item: { ...enteredItem, completedAtMs: atMs }, ...ids, contentTokenCount: null, completedAtMs: atMs });
      turn.review = { exitItemId: newId(), messageId: `msg_${newId()}` };
      // 0.169.0 announces the review's inner turn under its own id, rooted at the review turn.
      const innerView = { ...turnPayload({ id: newId(), ...inProgress, startedAtS: Math.floor(atMs / 1000) }), rootTurnId: turn.id };
      runTurn(turn, input, innerView);
    },

    interrupt(id, params) {
      const state = threadFor(id, "turn/interrupt", params);
      if (state === undefined) return;
      const turn = activeByThread.get(state.record.id);
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
