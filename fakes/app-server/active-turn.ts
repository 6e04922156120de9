/**
 * A turn in flight and the notifications that belong to it: once a turn stops (finished, stalled
 * by a fault rule, or interrupted) nothing more is sent on its behalf.
 */
import type { FakeWorld } from "../world.ts";
import type { Connection } from "./connection.ts";
import type { ModelPort } from "./model.ts";
import { turnPayload, type ThreadRecord, type TurnErrorPayload, type TurnStatus } from "./payloads.ts";
import type { FakeCodexScript } from "./script.ts";

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

  constructor(
    readonly index: number,
    readonly id: string,
    readonly thread: ThreadRecord,
    readonly approvalPolicy: unknown,
    readonly model: ModelPort,
    nowMs: number,
  ) {
    this.startedAtMs = nowMs;
  }

  get isRunning(): boolean {
    return this.state === "running";
  }
}

/** Sends a notification that belongs to `turn`, unless the turn has stopped. */
export function turnNotify(env: TurnEnv, turn: ActiveTurn, method: string, params: Record<string, unknown>): void {
  if (turn.isRunning) env.conn.notify(method, params, turn.index);
}

export function completedTurnView(env: TurnEnv, turn: ActiveTurn, status: TurnStatus, error: TurnErrorPayload | null): Record<string, unknown> {
  const nowMs = env.world.clock.nowMs();
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
  env.conn.notify("thread/status/changed", { threadId, status: { type: "idle" } }, turn.index);
  env.conn.notify("turn/completed", { threadId, turn: completedTurnView(env, turn, "interrupted", null) }, turn.index);
}

