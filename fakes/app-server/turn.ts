/**
 * The fake app-server's turn engine. It asks the model port what happens and turns the answer into
 * codex 0.169.0's notification order. Faults modelled (all driven by the model or the fault book):
 * HTTP 401 (`httpConnectionFailed{401}`, or `"unauthorized"` when a ChatGPT token refresh fails),
 * "Reconnecting... n/N" retries, an idle stream (idle-timeout error, or a hang when the timeout is
 * disabled), a cut stream, a stall mid-turn, interrupt, and command approvals answered with a
 * decision or a JSON-RPC error.
 */
import { sleep } from "../../src/runtime/clock.ts";
import { completedTurnView, finishInterrupted, turnNotify, type ActiveTurn, type TurnEnv } from "./active-turn.ts";
import { runCommand } from "./command.ts";
import type { ModelEvent, ModelItem } from "./model.ts";
import { agentMessageItem, rateLimits, tokenUsage, turnError, type TurnErrorPayload } from "./payloads.ts";
import { renderReviewText } from "./review.ts";
import { SCRIPT_DEFAULTS } from "./script.ts";

type CallOutcome =
  | { readonly kind: "completed"; readonly toolOutputs: string[] }
  | { readonly kind: "http"; readonly status: number; readonly message: string }
  | { readonly kind: "stream"; readonly message: string }
  | { readonly kind: "cancelled" }
  | { readonly kind: "gone" };

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};
const REFRESH_EXPIRED =
  "Your access token could not be refreshed because your refresh token has expired. Please log out and sign in again.";

/** Runs a started turn to its end (or until it stops). Never throws. */
export async function driveTurn(env: TurnEnv, turn: ActiveTurn, userText: string): Promise<void> {
  const provider = env.script.provider ?? {};
  const maxRetries = provider.streamMaxRetries ?? SCRIPT_DEFAULTS.streamMaxRetries;
  const backoff = provider.retryBackoffMs ?? SCRIPT_DEFAULTS.retryBackoffMs;
  let input = userText;
  let retries = 0;
  let refreshed = false;
  let retry = false;
  for (let call = 0; ; call++) {
    const outcome = await callModel(env, turn, call, input, retry);
    retry = true;
    env.conn.traceEvent("appserver.model", { turn: turn.index, call, outcome: outcome.kind });
    if (outcome.kind === "gone") return;
    if (outcome.kind === "cancelled") return finishInterrupted(env, turn);
    if (outcome.kind === "completed") {
      if (outcome.toolOutputs.length === 0) return finishCompleted(env, turn);
      input = outcome.toolOutputs.join("\n");
      retries = 0;
      retry = false;
      continue;
    }
    if (outcome.kind === "http" && outcome.status === 401 && env.script.auth === "chatgpt") {
      if (env.script.refresh === "ok" && !refreshed) {
        refreshed = true;
        continue;
      }
      return finishFailed(env, turn, turnError(REFRESH_EXPIRED, "unauthorized"));
    }
    const final = finalError(env, outcome);
    if (retries < maxRetries) {
      retries++;
      const info = { responseStreamDisconnected: { httpStatusCode: outcome.kind === "http" ? outcome.status : null } };
      const error = turnError(`Reconnecting... ${retries}/${maxRetries}`, info, final.message);
      turnNotify(env, turn, "error", { error, willRetry: true, threadId: turn.thread.id, turnId: turn.id });
      await sleep(env.world.clock, backoff[retries - 1] ?? backoff.at(-1) ?? 1000, { label: "model retry backoff" });
      if (!turn.isRunning) return;
      continue;
    }
    return finishFailed(env, turn, final);
  }
}

function finalError(env: TurnEnv, outcome: Extract<CallOutcome, { kind: "http" | "stream" }>): TurnErrorPayload {
  if (outcome.kind === "stream") return turnError(outcome.message, "other");
  const baseUrl = env.script.provider?.baseUrl ?? SCRIPT_DEFAULTS.baseUrl;
  const statusText = STATUS_TEXT[outcome.status] ?? "Error";
  const message = `unexpected status ${outcome.status} ${statusText}: ${outcome.message}, url: ${baseUrl}/responses`;
  return turnError(message, { httpConnectionFailed: { httpStatusCode: outcome.status } });
}

function finishCompleted(env: TurnEnv, turn: ActiveTurn): void {
  if (turn.review !== undefined) exitReview(env, turn, turn.review);
  turnNotify(env, turn, "thread/status/changed", { threadId: turn.thread.id, status: { type: "idle" } });
  turnNotify(env, turn, "turn/completed", { threadId: turn.thread.id, turn: completedTurnView(env, turn, "completed", null) });
  turn.state = "finished";
}

/** The end of a review turn (0.169.0): `exitedReviewMode` with the model's answer, then that answer as a fresh agentMessage. */
function exitReview(env: TurnEnv, turn: ActiveTurn, review: NonNullable<ActiveTurn["review"]>): void {
  const text = renderReviewText(String(turn.completedMessages.at(-1)?.["text"] ?? ""));
  const ids = { threadId: turn.thread.id, turnId: turn.id };
  const atMs = env.world.clock.nowMs();
  const exited = (completedAtMs: number | null) => ({ type: "exitedReviewMode", id: review.exitItemId, review: text, startedAtMs: atMs, completedAtMs });
  turnNotify(env, turn, "item/started", { item: exited(null), ...ids, startedAtMs: atMs });
  turnNotify(env, turn, "item/completed", { item: exited(atMs), ...ids, contentTokenCount: null, completedAtMs: atMs });
  turn.review = undefined;
  const times = { startedAtMs: atMs, completedAtMs: null };
  turnNotify(env, turn, "item/started", { item: agentMessageItem(review.messageId, text, null, times), ...ids, startedAtMs: atMs });
  const done = agentMessageItem(review.messageId, text, null, { ...times, completedAtMs: atMs });
  turnNotify(env, turn, "item/completed", { item: done, ...ids, contentTokenCount: null, completedAtMs: atMs });
  turn.completedMessages.push(done);
}

/** A failed turn, as 0.169.0 ends one for a 401 and for a stalled stream alike: systemError, error, turn/completed failed. */
function finishFailed(env: TurnEnv, turn: ActiveTurn, error: TurnErrorPayload): void {
  const threadId = turn.thread.id;
  turnNotify(env, turn, "thread/status/changed", { threadId, status: { type: "systemError" } });
  turnNotify(env, turn, "error", { error, willRetry: false, threadId, turnId: turn.id });
  turnNotify(env, turn, "turn/completed", { threadId, turn: completedTurnView(env, turn, "failed", error) });
  turn.state = "finished";
}

function pace(env: TurnEnv, label: string): Promise<void> {
  return new Promise((resolve) => env.world.post(env.channel, label, resolve));
}

type Next = IteratorResult<ModelEvent> | "idle-timeout";

function nextWithIdleTimeout(env: TurnEnv, iterator: AsyncIterator<ModelEvent>): Promise<Next> {
  const idleMs = env.script.provider?.streamIdleTimeoutMs === undefined ? SCRIPT_DEFAULTS.streamIdleTimeoutMs : env.script.provider.streamIdleTimeoutMs;
  const next = iterator.next();
  if (idleMs === null) return next;
  return new Promise((resolve) => {
    const timer = env.world.clock.setTimer(idleMs, () => resolve("idle-timeout"), { label: "model stream idle timeout" });
    next.then(
      (result) => {
        env.world.clock.clearTimer(timer);
        resolve(result);
      },
      () => {
        env.world.clock.clearTimer(timer);
        resolve({ done: true, value: undefined });
      },
    );
  });
}

/** The end of an open response stream: codex reports the response's rate limits (after the token usage, if it completed). */
function closeStream(env: TurnEnv, turn: ActiveTurn, usage?: { inputTokens: number; outputTokens: number }): void {
  if (!turn.streamOpen) return;
  turn.streamOpen = false;
  const ids = { threadId: turn.thread.id, turnId: turn.id };
  if (usage !== undefined) turnNotify(env, turn, "thread/tokenUsage/updated", { ...ids, tokenUsage: tokenUsage(usage) });
  turnNotify(env, turn, "account/rateLimits/updated", { rateLimits: rateLimits() });
}

const IDLE_TIMEOUT = "stream disconnected before completion: idle timeout waiting for SSE";
const CLOSED_EARLY = "stream disconnected before completion: stream closed before response.completed";

async function callModel(env: TurnEnv, turn: ActiveTurn, call: number, input: string, retry: boolean): Promise<CallOutcome> {
  const request = {
    threadId: turn.thread.id,
    turnId: turn.id,
    call,
    input,
    model: turn.thread.model,
    ...(retry ? { retry } : {}),
    ...(turn.outputSchema === undefined ? {} : { outputSchema: turn.outputSchema }),
    ...(turn.review === undefined ? {} : { subagent: "review" as const }),
  };
  const iterator = turn.model.respond(request)[Symbol.asyncIterator]();
  const streaming = new Map<string, { text: string; startedAtMs: number }>();
  const toolOutputs: string[] = [];
  for (;;) {
    const next = await nextWithIdleTimeout(env, iterator);
    if (!turn.isRunning) return { kind: "gone" };
    if (next === "idle-timeout" || next.done === true) {
      closeStream(env, turn);
      return { kind: "stream", message: next === "idle-timeout" ? IDLE_TIMEOUT : CLOSED_EARLY };
    }
    await pace(env, `model ${next.value.type}`);
    if (!turn.isRunning) return { kind: "gone" };
    const event = next.value;
    switch (event.type) {
      case "http-error":
        return { kind: "http", status: event.status, message: event.body.error.message };
      case "created":
        turn.streamOpen = true;
        break;
      case "item.added":
        if (event.item.type === "message") startMessage(env, turn, event.item, streaming);
        break;
      case "text.delta": {
        const entry = streaming.get(event.itemId);
        if (entry !== undefined) entry.text += event.delta;
        turnNotify(env, turn, "item/agentMessage/delta", { threadId: turn.thread.id, turnId: turn.id, itemId: event.itemId, delta: event.delta });
        break;
      }
      case "item.done": {
        const result = await finishItem(env, turn, event.item, streaming);
        if (result === "cancel") return { kind: "cancelled" };
        if (result !== null) toolOutputs.push(result);
        if (!turn.isRunning) return { kind: "gone" };
        break;
      }
      case "completed":
        closeStream(env, turn, event.usage);
        return { kind: "completed", toolOutputs };
    }
  }
}

function startMessage(
  env: TurnEnv,
  turn: ActiveTurn,
  item: Extract<ModelItem, { type: "message" }>,
  streaming: Map<string, { text: string; startedAtMs: number }>,
): void {
  const startedAtMs = env.world.clock.nowMs();
  streaming.set(item.id, { text: "", startedAtMs });
  const started = agentMessageItem(item.id, "", item.phase, { startedAtMs, completedAtMs: null });
  turnNotify(env, turn, "item/started", { item: started, threadId: turn.thread.id, turnId: turn.id, startedAtMs });
}

/** Completes a message item, or runs a function call; returns the tool output, "cancel", or null. */
async function finishItem(
  env: TurnEnv,
  turn: ActiveTurn,
  item: ModelItem,
  streaming: Map<string, { text: string; startedAtMs: number }>,
): Promise<string | "cancel" | null> {
  if (item.type === "function_call") return runCommand(env, turn, item);
  const completedAtMs = env.world.clock.nowMs();
  const startedAtMs = streaming.get(item.id)?.startedAtMs ?? completedAtMs;
  streaming.delete(item.id);
  const done = agentMessageItem(item.id, item.text, item.phase, { startedAtMs, completedAtMs });
  turnNotify(env, turn, "item/completed", { item: done, threadId: turn.thread.id, turnId: turn.id, contentTokenCount: null, completedAtMs });
  if (turn.isRunning) turn.completedMessages.push(done);
  return null;
}
