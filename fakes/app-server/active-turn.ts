/**
 * A turn in flight and the notifications that belong to it: once a turn stops (finished, stalled
 * by a fault rule, or interrupted) nothing more is sent on its behalf. What it sends is also
 * recorded in its thread (completed items, status, end) for `thread/read` and `thread/fork`.
 */
import type { FakeWorld } from "../world.ts";
import type { Connection } from "./connection.ts";
import type { ModelPort } from "./model.ts";
import { turnPayload, type ThreadRecord, type TurnErrorPayload, type TurnStatus } from "./payloads.ts";
import type { FakeCodexScript } from "./script.ts";
import type { RecordedTurn, ThreadState } from "./thread-store.ts";

export interface TurnEnv {
  readonly conn: Connection;
  readonly world: FakeWorld;
  readonly script: FakeCodexScript;
  /** The scheduler channel model events are paced on. */
  readonly channel: string;
}

export class ActiveTurn {
  state: "running" | "stalled" | "finished" = "running";
  /** A model response is streaming (HTTP 200 received, not yet ended). */
  streamOpen = false;
  readonly completedMessages: Array<Record<string, unknown>> = [];
  readonly startedAtMs: number;
  /** turn/start's `outputSchema`: the final answer must be JSON valid against it. */
  outputSchema: unknown = undefined;
  /** A `review/start` turn: the model's stream stays inside the review; its answer comes out as `exitedReviewMode`. */
  review: { readonly exitItemId: string; readonly messageId: string } | undefined = undefined;
  readonly thread: ThreadRecord;
  /** This turn in its thread's history. */
  readonly log: RecordedTurn;

  constructor(
    readonly index: number,
    readonly id: string,
    readonly threadState: ThreadState,
    readonly approvalPolicy: unknown,
    readonly model: ModelPort,
    nowMs: number,
  ) {
    this.startedAtMs = nowMs;
    this.thread = threadState.record;
    this.log = { id, items: [], status: "inProgress", error: null, startedAtMs: nowMs, completedAtMs: null };
    threadState.turns.push(this.log);
  }

  get isRunning(): boolean {
    return this.state === "running";
  }
}

/** Notifications a review turn keeps inside the review (0.169.0 sends none of them to the client). */
const REVIEW_INTERNAL = new Set(["item/agentMessage/delta", "thread/tokenUsage/updated", "account/rateLimits/updated"]);

/** Sends (and records) a notification that belongs to `turn`; nothing once the turn has stopped. */
export function turnNotify(env: TurnEnv, turn: ActiveTurn, method: string, params: Record<string, unknown>): void {
  if (!turn.isRunning) return;
  const item = method === "item/completed" ? (params["item"] as Record<string, unknown>) : undefined;
  if (item !== undefined) turn.log.items.push(item);
  if (method === "thread/tokenUsage/updated") turn.threadState.tokenUsage = params["tokenUsage"];
  if (method === "thread/status/changed") turn.threadState.status = params["status"] as ThreadState["status"];
  if (turn.review !== undefined && (REVIEW_INTERNAL.has(method) || item?.["type"] === "agentMessage")) return;
  env.conn.notify(method, params, turn.index);
}

export function completedTurnView(env: TurnEnv, turn: ActiveTurn, status: TurnStatus, error: TurnErrorPayload | null): Record<string, unknown> {
  const nowMs = env.world.clock.nowMs();
  Object.assign(turn.log, { status, error, completedAtMs: nowMs });
  turn.threadState.updatedAtS = Math.floor(nowMs / 1000);
  const last = turn.completedMessages.at(-1);
  // Only a completed turn carries its terminal items; failed and interrupted turns send none (0.169.0).
  const summary = status === "completed" && last !== undefined;
  return turnPayload({
    id: turn.id,
    items: summary ? [last] : [],
    itemsView: status === "completed" ? "summary" : "notLoaded",
    status,
    error,
    startedAtS: Math.floor(turn.startedAtMs / 1000),
    completedAtS: Math.floor(nowMs / 1000),
    durationMs: nowMs - turn.startedAtMs,
  });
}

/** Interrupt (by the client, or a `cancel` approval decision): idle, then `turn/completed interrupted`. */
export function finishInterrupted(env: TurnEnv, turn: ActiveTurn): void {
  if (turn.state === "finished") return;
  turn.state = "finished";
  const threadId = turn.thread.id;
  turn.threadState.status = { type: "idle" };
  env.conn.notify("thread/status/changed", { threadId, status: { type: "idle" } }, turn.index);
  env.conn.notify("turn/completed", { threadId, turn: completedTurnView(env, turn, "interrupted", null) }, turn.index);
}

