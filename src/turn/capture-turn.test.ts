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

function setupWith(options: { exitPolicy?: () => "succeed" | "fail" | "ignore" } = {}) {
  const clock = createManualClock();
  const f = fakeClient();
  const events: Array<{ kind: string; [field: string]: unknown }> = [];
  const box = track(captureTurn(f.client, { threadId: THREAD, start: f.start, clock, emit: (e) => events.push(e), ...options }));
  return { clock, f, box, events };
}

const collab = (id: string | undefined, receiverThreadIds?: unknown[]) => ({
  threadId: THREAD,
  turnId: TURN,
  item: { type: "collabAgentToolCall", ...(id === undefined ? {} : { id }), ...(receiverThreadIds === undefined ? {} : { receiverThreadIds }) },
});

describe("captureTurn lifecycle events", () => {
  it("emits the start response, the final answer and the completion as exact events", async () => {
    const { f, box, events, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", agentMessage("final_answer", "answer"));
    expect(clock.pendingTimers).toEqual([{ dueMs: 250, label: "captureTurn inferred completion" }]);
    clock.advance(250);
    await drainMicrotasks();
    expect(box.result).toEqual({
      threadId: THREAD,
      turnId: TURN,
      status: "completed",
      via: "inferred",
      finalMessage: "answer",
      finalAnswerSeen: true,
      error: null,
      exitCode: 0,
    });
    expect(events).toEqual([
      { kind: "turn.capture.start-response", threadId: THREAD, turnId: TURN, status: "inProgress" },
      { kind: "turn.capture.final-answer", threadId: THREAD, turnId: TURN },
      { kind: "turn.capture.completed", threadId: THREAD, turnId: TURN, status: "completed", via: "inferred", exitCode: 0, error: null },
    ]);
  });

  it("reports a start response without a status as a null status", async () => {
    const g = fakeClient();
    const seen: Array<{ kind: string }> = [];
    track(captureTurn(g.client, { threadId: THREAD, start: async () => ({ turn: { id: TURN } }), clock: createManualClock(), emit: (e) => seen.push(e) }));
    await drainMicrotasks();
    expect(seen).toEqual([{ kind: "turn.capture.start-response", threadId: THREAD, turnId: TURN, status: null }]);
  });

  it("reports an exit with the exit error, the turn and the pending sub-agent work", async () => {
    const { f, box, events } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/started", collab("c1", ["thr-sub"]));
    f.notify("turn/started", { threadId: "thr-sub", turn: { id: "sub-turn", status: "inProgress" } });
    f.exit(new Error("codex app-server exited: code=1 signal=null"));
    await drainMicrotasks();
    expect(events.slice(1)).toEqual([
      {
        kind: "turn.capture.exit-observed",
        threadId: THREAD,
        turnId: TURN,
        decision: "fail",
        finalAnswerSeen: false,
        pending: { collaborations: ["c1"], subagentThreads: ["thr-sub"] },
        exitError: "codex app-server exited: code=1 signal=null",
      },
      {
        kind: "turn.capture.completed",
        threadId: THREAD,
        turnId: TURN,
        status: "failed",
        via: "exit-failed",
        exitCode: 1,
        error: "codex app-server exited: code=1 signal=null",
      },
    ]);
    expect(box.result?.error).toEqual({ message: "codex app-server exited: code=1 signal=null" });
  });

  it("names a collaboration without an id \"collab\" in the pending work", async () => {
    const { f, events } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/started", collab(undefined));
    f.exit(null);
    await drainMicrotasks();
    expect(events.find((e) => e.kind === "turn.capture.exit-observed")).toMatchObject({
      pending: { collaborations: ["collab"], subagentThreads: [] },
      exitError: null,
    });
  });

  it("ignores an exit after the turn completed", async () => {
    const { f, box, events } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("turn/completed", { threadId: THREAD, turn: { id: TURN, status: "completed" } });
    await drainMicrotasks();
    f.exit(new Error("late"));
    await drainMicrotasks();
    expect(box.result).toMatchObject({ via: "turn-completed", status: "completed" });
    expect(events.map((e) => e.kind)).toEqual(["turn.capture.start-response", "turn.capture.completed"]);
  });

  it("ignores notifications that arrive after the turn completed, in the same delivery", async () => {
    const { f, events, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("turn/completed", { threadId: THREAD, turn: { id: TURN, status: "completed" } });
    f.notify("item/completed", agentMessage("final_answer", "late"));
    await drainMicrotasks();
    expect(events.map((e) => e.kind)).toEqual(["turn.capture.start-response", "turn.capture.completed"]);
    expect(clock.pendingTimers).toEqual([]);
  });

  it("completes once when a buffered turn/completed and a terminal start response both end the turn", async () => {
    const { f, box, events } = setupWith();
    f.notify("turn/completed", { threadId: THREAD, turn: { id: TURN, status: "failed", error: { message: "boom" } } });
    f.respond("completed");
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "failed", via: "turn-completed", error: { message: "boom" } });
    expect(events.filter((e) => e.kind === "turn.capture.completed")).toEqual([
      { kind: "turn.capture.completed", threadId: THREAD, turnId: TURN, status: "failed", via: "turn-completed", exitCode: 1, error: "boom" },
    ]);
  });

  it("clears the inferred-completion timer when the root turn/completed arrives first", async () => {
    const { f, box, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", agentMessage("final_answer", "answer"));
    expect(clock.pendingTimers).toHaveLength(1);
    f.notify("turn/completed", { threadId: THREAD, turn: { id: TURN, status: "completed" } });
    await drainMicrotasks();
    expect(box.result).toMatchObject({ via: "turn-completed" });
    expect(clock.pendingTimers).toEqual([]);
  });

  it("arms no timer when a sub-agent drains before any final answer", async () => {
    const { f, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("turn/started", { threadId: THREAD, turn: { id: TURN } });
    f.notify("item/started", collab("c1", ["thr-sub"]));
    f.notify("item/completed", collab("c1"));
    expect(clock.pendingTimers).toEqual([]);
  });
});

describe("captureTurn start response", () => {
  for (const status of ["completed", "failed"]) {
    it(`completes at once on a "${status}" start response`, async () => {
      const { f, box } = setupWith();
      f.respond(status);
      await drainMicrotasks();
      expect(box.result).toMatchObject({ status, via: "start-response", exitCode: status === "completed" ? 0 : 1 });
    });
  }

  it("rejects with a TurnStartError that names itself, keeps the cause and the thread", async () => {
    const { f, box } = setupWith();
    const cause = new Error("codex app-server client is closed");
    f.refuse(cause);
    await drainMicrotasks();
    const error = box.error as TurnStartError;
    expect(error.name).toBe("TurnStartError");
    expect(error.cause).toBe(cause);
    expect(error.threadId).toBe(THREAD);
    expect(error.message).toBe(`turn/start on thread ${THREAD} failed: codex app-server client is closed`);
  });

  it("filters buffered notifications of another turn once the start response names the turn", async () => {
    const { f, box, clock } = setupWith();
    f.notify("turn/completed", { threadId: THREAD, turn: { id: "old-turn", status: "failed" } });
    f.respond();
    await drainMicrotasks();
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
  });
});

describe("captureTurn exit before the start response", () => {
  it("fails a turn without an id as the disconnected turn", async () => {
    const { f, box, events } = setupWith();
    f.exit(null);
    await drainMicrotasks();
    expect(events.at(-1)).toEqual({
      kind: "turn.capture.completed",
      threadId: THREAD,
      turnId: "disconnected-turn",
      status: "failed",
      via: "exit-failed",
      exitCode: 1,
      error: DISCONNECTED_MESSAGE,
    });
    f.refuse(new Error("closed"));
    await drainMicrotasks();
    expect(box.error).toBeInstanceOf(TurnStartError);
  });

  it("completes a turn without an id as the inferred turn when the policy says succeed", async () => {
    const { f, events } = setupWith({ exitPolicy: () => "succeed" });
    f.exit(null);
    await drainMicrotasks();
    expect(events.at(-1)).toEqual({
      kind: "turn.capture.completed",
      threadId: THREAD,
      turnId: "inferred-turn",
      status: "completed",
      via: "exit-inferred",
      exitCode: 0,
      error: null,
    });
  });
});

describe("captureTurn error bookkeeping", () => {
  it("does not attach a retried error notification to a completed turn", async () => {
    const { f, box, events } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("error", { threadId: THREAD, turnId: TURN, willRetry: true, error: { message: "stream disconnected" } });
    f.notify("turn/completed", { threadId: THREAD, turn: { id: TURN, status: "completed", error: null } });
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "completed", error: null, exitCode: 0 });
    expect(events.at(-1)).toMatchObject({ kind: "turn.capture.completed", error: null });
  });

  it("attaches the error notification to an interrupted turn without its own error", async () => {
    const { f, box } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("error", { threadId: THREAD, turnId: TURN, error: { message: "stream disconnected" } });
    f.notify("turn/completed", { threadId: THREAD, turn: { id: TURN, status: "interrupted" } });
    await drainMicrotasks();
    expect(box.result).toMatchObject({ status: "interrupted", error: { message: "stream disconnected" }, exitCode: 1 });
  });
});

describe("captureTurn notification routing", () => {
  it("ignores a notification without a thread id", async () => {
    const { f, box, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("turn/completed", { turn: { id: TURN, status: "failed" } });
    f.notify("item/completed", { turnId: TURN, item: { type: "agentMessage", text: "x", phase: "final_answer" } });
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
  });

  it("does not let a turn of an unrelated thread hold back the inferred completion", async () => {
    const { f, box, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", agentMessage("final_answer", "answer"));
    f.notify("turn/started", { threadId: "thr-other", turn: { id: "x" } });
    clock.advance(250);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ via: "inferred", finalMessage: "answer" });
  });

  it("ignores root items of an older turn, even when time passes", async () => {
    const { f, box, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", { ...agentMessage("final_answer", "stale"), turnId: "old-turn" });
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    f.exit(null);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ via: "exit-failed", finalMessage: null, finalAnswerSeen: false });
  });

  it("accepts root items that carry no turn id", async () => {
    const { f, box, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", { threadId: THREAD, item: { type: "agentMessage", text: "answer", phase: "final_answer" } });
    clock.advance(250);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ via: "inferred", finalMessage: "answer" });
  });

  it("ignores a sub-agent turn/completed of another turn than the one it started", async () => {
    const { f, box, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/started", collab("c1", ["thr-sub"]));
    f.notify("turn/started", { threadId: "thr-sub", turn: { id: "sub-turn" } });
    f.notify("item/completed", collab("c1"));
    f.notify("item/completed", agentMessage("final_answer", "answer"));
    f.notify("turn/completed", { threadId: "thr-sub", turn: { id: "older-sub-turn", status: "completed" } });
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    f.notify("turn/completed", { threadId: "thr-sub", turn: { id: "sub-turn", status: "completed" } });
    clock.advance(250);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ via: "inferred" });
  });

  it("waits for a pending collaboration even when no sub-agent turn started", async () => {
    const { f, box, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/started", collab("c1"));
    f.notify("item/completed", agentMessage("final_answer", "answer"));
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    f.notify("item/completed", collab("c1"));
    clock.advance(250);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ via: "inferred" });
  });

  it("keeps each collaboration pending on its own", async () => {
    const { f, box, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/started", collab("c1"));
    f.notify("item/started", collab("c2"));
    f.notify("item/completed", collab("c1"));
    f.notify("item/completed", agentMessage("final_answer", "answer"));
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
  });

  it("counts only a completed final-answer item, not a started one", async () => {
    const { f, box, clock, events } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/started", agentMessage("final_answer", "drafting"));
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    expect(events.map((e) => e.kind)).toEqual(["turn.capture.start-response"]);
  });

  it("reads the final answer only from agentMessage items", async () => {
    const { f, box, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    f.notify("item/completed", { threadId: THREAD, turnId: TURN, item: { type: "reasoning", text: "thinking", phase: "final_answer" } });
    clock.advance(1000);
    await drainMicrotasks();
    expect(box.result).toBeUndefined();
    f.exit(null);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ via: "exit-failed", finalMessage: null, finalAnswerSeen: false });
  });

  it("tolerates null items and turns in notifications", async () => {
    const { f, box, clock } = setupWith();
    f.respond();
    await drainMicrotasks();
    expect(() => {
      f.notify("item/started", { threadId: THREAD, turnId: TURN, item: null });
      f.notify("item/completed", { threadId: THREAD, turnId: TURN, item: null });
      f.notify("turn/started", { threadId: THREAD, turn: null });
    }).not.toThrow();
    f.notify("item/completed", agentMessage("final_answer", "answer"));
    clock.advance(250);
    await drainMicrotasks();
    expect(box.result).toMatchObject({ via: "inferred", finalMessage: "answer" });
  });
});

describe("exitErrorOf close shapes", () => {
  it("keeps the error when the exit code is 0 but a signal ended the process", () => {
    const signalled = new JsonRpcClosedError("x", { close: { kind: "exit", code: 0, signal: "SIGTERM" } });
    expect(exitErrorOf(signalled)).toBe(signalled);
  });

  it("keeps the error when its close is not a transport close", () => {
    for (const close of [null, {}, "exit"]) {
      const error = Object.assign(new Error("odd"), { close });
      expect(exitErrorOf(error)).toBe(error);
    }
    const transportError = new JsonRpcClosedError("x", { close: { kind: "error", message: "write EPIPE" } });
    expect(exitErrorOf(transportError)).toBe(transportError);
  });
});
