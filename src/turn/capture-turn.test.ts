import { describe, expect, it } from "vitest";
import { JsonRpcClosedError } from "../jsonrpc/errors.ts";
import { createManualClock, drainMicrotasks } from "../jsonrpc/testing.ts";
import { captureTurn, TurnStartError } from "./capture-turn.ts";
import { exitErrorOf } from "./client-adapter.ts";
import { DISCONNECTED_MESSAGE, type CaptureTurnResult, type TurnClient, type TurnStartResponse } from "./types.ts";

const THREAD = "thr-root";
const TURN = "turn-1";

/** A hand-driven client: the test pushes notifications and ends the connection. */
function fakeClient() {
  const handlers = new Set<(method: string, params: unknown) => void>();
  let exit!: (error: Error | null) => void;
  const client: TurnClient = {
    onAnyNotification(handler) {
      handlers.add(handler);
      return () => void handlers.delete(handler);
    },
    exited: new Promise((resolve) => (exit = resolve)),
  };
  let answer!: (response: TurnStartResponse) => void;
  let refuse!: (error: Error) => void;
  const started = new Promise<TurnStartResponse>((resolve, reject) => {
    answer = resolve;
    refuse = reject;
  });
  return {
    client,
    start: () => started,
    notify: (method: string, params: unknown) => handlers.forEach((h) => h(method, params)),
    respond: (status = "inProgress") => answer({ turn: { id: TURN, status } }),
    refuse,
    exit,
    listeners: () => handlers.size,
  };
}

const agentMessage = (phase: string | null, text: string, threadId = THREAD) => ({
  threadId,
  turnId: TURN,
  item: { type: "agentMessage", id: `msg-${text}`, text, phase },
});

function track(promise: Promise<CaptureTurnResult>) {
  const box: { result?: CaptureTurnResult; error?: unknown } = {};
  promise.then((r) => (box.result = r), (e: unknown) => (box.error = e));
  return box;
}

function setup() {
  const clock = createManualClock();
  const f = fakeClient();
  const events: Array<{ kind: string }> = [];
  const box = track(captureTurn(f.client, { threadId: THREAD, start: f.start, clock, emit: (e) => events.push(e) }));
  return { clock, f, box, events };
}

describe("captureTurn", () => {
  it("completes with the root turn/completed and returns the last agent message and exit code 0", async () => {
    const { f, box } = setup();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", agentMessage("final_answer", "done"));
    f.notify("turn/completed", { threadId: THREAD, turn: { id: TURN, status: "completed", error: null } });
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "completed", via: "turn-completed", finalMessage: "done", exitCode: 0, error: null });
    expect(f.listeners()).toBe(0);
  });

  it("buffers notifications that arrive before the turn/start response and replays them", async () => {
    const { f, box } = setup();
    f.notify("item/completed", agentMessage("commentary", "early"));
    f.notify("turn/completed", { threadId: THREAD, turn: { id: TURN, status: "failed", error: { message: "boom" } } });
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    f.respond();
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "failed", finalMessage: "early", exitCode: 1, error: { message: "boom" } });
  });

  it("infers completion 250 ms after a completed final answer when nothing else arrives", async () => {
    const { f, box, clock } = setup();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", agentMessage("final_answer", "answer"));
    clock.advance(249);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    clock.advance(1);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "completed", via: "inferred", turnId: TURN, exitCode: 0 });
  });

  it("fails with the disconnect message when the server exits cleanly before any final answer", async () => {
    const { f, box, events } = setup();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", agentMessage("commentary", "looking around"));
    f.exit(null);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "failed", via: "exit-failed", exitCode: 1, finalMessage: "looking around" });
    expect(box.result?.error?.message).toBe(DISCONNECTED_MESSAGE);
    expect(events.some((e) => e.kind === "turn.capture.exit-observed")).toBe(true);
  });

  it("fails with the exit error when the server dies with one", async () => {
    const { f, box } = setup();
    f.respond();
    await drainMicrotasks();
    f.exit(new Error("codex app-server exited: code=1 signal=null"));
    await drainMicrotasks();
    expect(box.result?.error?.message).toBe("codex app-server exited: code=1 signal=null");
  });

  it("keeps an error notification the server sent before dying instead of the exit error", async () => {
    const { f, box } = setup();
    f.respond();
    await drainMicrotasks();
    f.notify("error", { threadId: THREAD, turnId: TURN, willRetry: false, error: { message: "rate limited", codexErrorInfo: "usageLimitExceeded" } });
    f.exit(null);
    await drainMicrotasks();
    expect(box.result?.error).toEqual({ message: "rate limited", codexErrorInfo: "usageLimitExceeded" });
  });

  it("completes a seen final answer as a success at once when the server exits, without the 250 ms wait", async () => {
    const { f, box } = setup();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", agentMessage("final_answer", "the answer"));
    f.exit(null);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "completed", via: "exit-inferred", finalMessage: "the answer", exitCode: 0 });
  });

  it("fails when the server exits while a sub-agent turn is still running, even after a final answer", async () => {
    const { f, box } = setup();
    f.respond();
    await drainMicrotasks();
    f.notify("item/started", { threadId: THREAD, turnId: TURN, item: { type: "collabAgentToolCall", id: "c1", receiverThreadIds: ["thr-sub"] } });
    f.notify("turn/started", { threadId: "thr-sub", turn: { id: "sub-turn", status: "inProgress" } });
    f.notify("item/completed", { threadId: THREAD, turnId: TURN, item: { type: "collabAgentToolCall", id: "c1", receiverThreadIds: ["thr-sub"] } });
    f.notify("item/completed", agentMessage("final_answer", "partial"));
    f.exit(null);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "failed", via: "exit-failed", exitCode: 1 });
  });

  it("infers completion once the last sub-agent turn completes after the final answer", async () => {
    const { f, box, clock } = setup();
    f.respond();
    await drainMicrotasks();
    f.notify("item/started", { threadId: THREAD, turnId: TURN, item: { type: "collabAgentToolCall", id: "c1", receiverThreadIds: ["thr-sub"] } });
    f.notify("turn/started", { threadId: "thr-sub", turn: { id: "sub-turn", status: "inProgress" } });
    f.notify("item/completed", { threadId: THREAD, turnId: TURN, item: { type: "collabAgentToolCall", id: "c1" } });
    f.notify("item/completed", agentMessage("final_answer", "final"));
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    f.notify("turn/completed", { threadId: "thr-sub", turn: { id: "sub-turn", status: "completed" } });
    clock.advance(250);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "completed", via: "inferred" });
  });

  it("never infers completion without a final answer, even when a sub-agent drains", async () => {
    const { f, box, clock } = setup();
    f.respond();
    await drainMicrotasks();
    f.notify("item/started", { threadId: THREAD, turnId: TURN, item: { type: "collabAgentToolCall", id: "c1", receiverThreadIds: ["thr-sub"] } });
    f.notify("turn/started", { threadId: "thr-sub", turn: { id: "sub-turn", status: "inProgress" } });
    f.notify("turn/completed", { threadId: "thr-sub", turn: { id: "sub-turn", status: "completed" } });
    f.notify("item/completed", { threadId: THREAD, turnId: TURN, item: { type: "collabAgentToolCall", id: "c1" } });
    f.notify("item/completed", agentMessage("commentary", "still working"));
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    expect(clock.pendingTimers).toEqual([]);
    f.notify("turn/completed", { threadId: THREAD, turn: { id: TURN, status: "completed", error: null } });
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "completed", via: "turn-completed", finalAnswerSeen: false });
  });

  it("does not infer completion when a sub-agent starts inside the 250 ms window after the final answer", async () => {
    const { f, box, clock } = setup();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", agentMessage("final_answer", "answer"));
    clock.advance(100);
    // The timer armed by the final answer is still running when the parent spawns a sub-agent.
    f.notify("item/started", { threadId: THREAD, turnId: TURN, item: { type: "collabAgentToolCall", id: "c1", receiverThreadIds: ["thr-sub"] } });
    f.notify("turn/started", { threadId: "thr-sub", turn: { id: "sub-turn", status: "inProgress" } });
    clock.advance(150);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    f.notify("item/completed", { threadId: THREAD, turnId: TURN, item: { type: "collabAgentToolCall", id: "c1" } });
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    f.notify("turn/completed", { threadId: "thr-sub", turn: { id: "sub-turn", status: "completed" } });
    clock.advance(249);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    clock.advance(1);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "completed", via: "inferred", turnId: TURN, finalMessage: "answer" });
  });

  it("completes at once when the turn/start response already carries a terminal status", async () => {
    const { f, box } = setup();
    f.respond("interrupted");
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "interrupted", via: "start-response", exitCode: 1 });
  });

  it("ignores notifications of other threads and other turns", async () => {
    const { f, box } = setup();
    f.respond();
    await drainMicrotasks();
    f.notify("turn/completed", { threadId: "thr-other", turn: { id: "x", status: "completed" } });
    f.notify("turn/completed", { threadId: THREAD, turn: { id: "old-turn", status: "completed" } });
    f.notify("item/completed", { ...agentMessage("final_answer", "stale"), turnId: "old-turn" });
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
  });

  it("stays pending after an exit when the exit policy ignores exits (the pre-#243 behaviour)", async () => {
    const clock = createManualClock();
    const f = fakeClient();
    const box = track(captureTurn(f.client, { threadId: THREAD, start: f.start, clock, exitPolicy: () => "ignore" }));
    f.respond();
    await drainMicrotasks();
    f.exit(null);
    clock.advance(60_000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    expect(box.error).toBeUndefined();
  });

  it("rejects with TurnStartError when turn/start fails", async () => {
    const { f, box } = setup();
    f.refuse(new Error("codex app-server client is closed"));
    await drainMicrotasks();
    expect(box.error).toBeInstanceOf(TurnStartError);
    expect((box.error as Error).message).toContain("codex app-server client is closed");
  });
});

describe("exitErrorOf", () => {
  it("treats exit code 0, peer EOF and a local close as clean and keeps every other error", () => {
    expect(exitErrorOf(new JsonRpcClosedError("x", { close: { kind: "exit", code: 0, signal: null } }))).toBeNull();
    expect(exitErrorOf(new JsonRpcClosedError("x", { close: { kind: "peer-closed" } }))).toBeNull();
    expect(exitErrorOf(new JsonRpcClosedError("x", { close: { kind: "local" } }))).toBeNull();
    const crashed = new JsonRpcClosedError("exited: code=1", { close: { kind: "exit", code: 1, signal: null } });
    expect(exitErrorOf(crashed)).toBe(crashed);
    const plain = new Error("EPIPE");
    expect(exitErrorOf(plain)).toBe(plain);
  });
});
