import { describe, expect, it } from "vitest";
import { drainMicrotasks } from "../jsonrpc/testing.ts";
import type { Transport, TransportClose } from "../runtime/transport.ts";
import { createBroker } from "./broker.ts";
import { BROKER_BUSY_CODE, type BrokerListener, type BrokerOptions, type BrokerSignal, type BrokerUpstream } from "./types.ts";

/** One end of a microtask-delivered message pipe. */
class End implements Transport {
  peer!: End;
  handler: (m: string) => void = () => {};
  isClosed = false;
  private settle!: (c: TransportClose) => void;
  readonly closed = new Promise<TransportClose>((r) => (this.settle = r));
  send(message: string): void {
    if (this.isClosed) return;
    queueMicrotask(() => this.peer.deliver(message));
  }
  onMessage(h: (m: string) => void): void {
    this.handler = h;
  }
  close(): void {
    if (this.isClosed) return;
    this.finish({ kind: "local" });
    queueMicrotask(() => this.peer.finish({ kind: "peer-closed" }));
  }
  deliver(message: string): void {
    if (!this.isClosed) this.handler(message);
  }
  finish(close: TransportClose): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.settle(close);
  }
}

/** A downstream client: sends requests and collects what the broker sent back. */
function client(transport: End) {
  const inbox: Array<Record<string, unknown>> = [];
  transport.onMessage((m) => inbox.push(JSON.parse(m) as Record<string, unknown>));
  return {
    transport,
    inbox,
    request: (id: number, method: string, params: unknown = {}) => transport.send(JSON.stringify({ id, method, params })),
    reply: (id: number) => inbox.find((m) => m["id"] === id),
    notifications: () => inbox.filter((m) => m["method"] !== undefined).map((m) => m["method"]),
  };
}

function harness(overrides: Partial<Pick<BrokerOptions, "exitWatchdog" | "shuttingDownGuard">> = {}) {
  let connect!: (t: Transport) => void;
  let listenerClosed = false;
  const listener: BrokerListener = {
    onConnection: (h) => void (connect = h),
    close: () => {
      listenerClosed = true;
      return Promise.resolve();
    },
  };
  const notificationHandlers = new Set<(m: string, p: unknown) => void>();
  let endUpstream!: (v: unknown) => void;
  const answers = new Map<string, (params: unknown) => Promise<unknown>>();
  let upstreamClosed = 0;
  const upstream: BrokerUpstream = {
    request: (method, params) => answers.get(method)?.(params) ?? Promise.resolve({ echoed: method }),
    onAnyNotification: (h) => {
      notificationHandlers.add(h);
      return () => void notificationHandlers.delete(h);
    },
    exited: new Promise((r) => (endUpstream = r)),
    close: () => {
      upstreamClosed++;
      endUpstream("closed");
    },
  };
  let signal!: (s: BrokerSignal) => void;
  const exits: number[] = [];
  const events: Array<{ kind: string }> = [];
  const broker = createBroker({
    upstream,
    listener,
    signals: { onSignal: (h) => ((signal = h), () => {}) },
    exit: (code) => exits.push(code),
    emit: (e) => events.push(e),
    ...overrides,
  });
  return {
    broker,
    exits,
    events,
    answers,
    signal: (s: BrokerSignal) => signal(s),
    notify: (method: string, params: unknown) => notificationHandlers.forEach((h) => h(method, params)),
    crashUpstream: () => endUpstream("crashed"),
    upstreamCloses: () => upstreamClosed,
    listenerClosed: () => listenerClosed,
    connect() {
      const a = new End();
      const b = new End();
      a.peer = b;
      b.peer = a;
      connect(b);
      return client(a);
    },
  };
}

describe("broker", () => {
  it("answers initialize itself and forwards other requests under the caller's id", async () => {
    const h = harness();
    const c = h.connect();
    c.request(1, "initialize", { clientInfo: { name: "x", version: "1" } });
    c.request(2, "thread/start", {});
    await drainMicrotasks();
    expect(c.reply(1)).toEqual({ id: 1, result: { userAgent: "codex-companion-broker" } });
    expect(c.reply(2)).toEqual({ id: 2, result: { echoed: "thread/start" } });
  });

  it("passes an upstream error code through and falls back to -32000", async () => {
    const h = harness();
    h.answers.set("thread/start", () => Promise.reject(Object.assign(new Error("Invalid request"), { code: -32600 })));
    h.answers.set("thread/resume", () => Promise.reject(new Error("boom")));
    const c = h.connect();
    c.request(1, "thread/start");
    c.request(2, "thread/resume");
    await drainMicrotasks();
    expect(c.reply(1)).toEqual({ id: 1, error: { code: -32600, message: "Invalid request" } });
    expect(c.reply(2)).toEqual({ id: 2, error: { code: -32000, message: "boom" } });
  });

  it("refuses a second client's turn/start with -32001 while the first owns the stream, but forwards its turn/interrupt", async () => {
    const h = harness();
    const owner = h.connect();
    const other = h.connect();
    owner.request(1, "turn/start", { threadId: "t1" });
    await drainMicrotasks();
    h.notify("turn/started", { threadId: "t1", turn: { id: "u1" } });
    other.request(7, "turn/start", { threadId: "t2" });
    other.request(8, "turn/interrupt", { threadId: "t1", turnId: "u1" });
    await drainMicrotasks();
    expect(other.reply(7)).toEqual({ id: 7, error: { code: BROKER_BUSY_CODE, message: "Shared Codex broker is busy." } });
    expect(other.reply(8)).toEqual({ id: 8, result: { echoed: "turn/interrupt" } });
    expect(owner.notifications()).toEqual(["turn/started"]);
  });

  it("routes a stream thread's notifications to the stream owner even while another client's interrupt is in flight", async () => {
    const h = harness();
    const owner = h.connect();
    const other = h.connect();
    owner.request(1, "turn/start", { threadId: "t1" });
    await drainMicrotasks();
    // A real pipe delivers the interrupt's response and the turn/completed in one read: the
    // notification arrives before the broker's continuation for the response has run.
    h.answers.set("turn/interrupt", () => {
      queueMicrotask(() => h.notify("turn/completed", { threadId: "t1", turn: { id: "u1", status: "interrupted" } }));
      return Promise.resolve({});
    });
    other.request(2, "turn/interrupt", { threadId: "t1", turnId: "u1" });
    await drainMicrotasks();
    expect(other.reply(2)).toEqual({ id: 2, result: {} });
    expect(owner.notifications()).toEqual(["turn/completed"]);
    expect(other.notifications()).toEqual([]);
  });

  it("releases the stream when the root turn completes, so another client can start a turn", async () => {
    const h = harness();
    const owner = h.connect();
    const other = h.connect();
    owner.request(1, "turn/start", { threadId: "t1" });
    await drainMicrotasks();
    h.notify("turn/completed", { threadId: "t1", turn: { id: "u1", status: "completed" } });
    other.request(2, "turn/start", { threadId: "t2" });
    await drainMicrotasks();
    expect(owner.notifications()).toEqual(["turn/completed"]);
    expect(other.reply(2)).toEqual({ id: 2, result: { echoed: "turn/start" } });
  });

  it("closes every connection and exits 1 when the upstream dies", async () => {
    const h = harness();
    const a = h.connect();
    const b = h.connect();
    h.crashUpstream();
    await drainMicrotasks(20);
    expect(await a.transport.closed).toEqual({ kind: "peer-closed" });
    expect(await b.transport.closed).toEqual({ kind: "peer-closed" });
    expect(h.exits).toEqual([1]);
    expect(h.listenerClosed()).toBe(true);
    expect(h.broker.state).toBe("stopped");
  });

  it("shuts down on broker/shutdown with a reply, exit 0, and no watchdog trip", async () => {
    const h = harness();
    const c = h.connect();
    c.request(5, "broker/shutdown");
    await drainMicrotasks(20);
    expect(c.reply(5)).toEqual({ id: 5, result: {} });
    expect(h.exits).toEqual([0]);
    expect(h.upstreamCloses()).toBe(1);
    expect(h.events.some((e) => e.kind === "broker.upstream-exited")).toBe(false);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("shuts down gracefully on %s with exit 0", async (signal) => {
    const h = harness();
    const c = h.connect();
    h.signal(signal);
    await drainMicrotasks(20);
    expect(await c.transport.closed).toEqual({ kind: "peer-closed" });
    expect(h.exits).toEqual([0]);
  });

  it("without the shutting-down guard, a graceful shutdown also asks to exit 1 (the bug the guard fixes)", async () => {
    const h = harness({ shuttingDownGuard: false });
    h.signal("SIGTERM");
    await drainMicrotasks(20);
    expect(h.exits).toContain(1);
  });

  it("without the upstream watchdog, a dead upstream leaves the clients connected and the broker running", async () => {
    const h = harness({ exitWatchdog: false });
    const c = h.connect();
    h.crashUpstream();
    await drainMicrotasks(20);
    expect(c.transport.isClosed).toBe(false);
    expect(h.exits).toEqual([]);
  });

  it("releases the stream when its owner disconnects", async () => {
    const h = harness();
    const owner = h.connect();
    const other = h.connect();
    owner.request(1, "turn/start", { threadId: "t1" });
    await drainMicrotasks();
    owner.transport.close();
    await drainMicrotasks();
    other.request(2, "turn/start", { threadId: "t2" });
    await drainMicrotasks();
    expect(other.reply(2)).toEqual({ id: 2, result: { echoed: "turn/start" } });
    expect(h.broker.connectionCount).toBe(1);
  });
  it("refuses another client's ordinary request with -32001 while one client's request is in flight", async () => {
    const h = harness();
    let answer!: (v: unknown) => void;
    h.answers.set("thread/list", () => new Promise((r) => (answer = r)));
    const first = h.connect();
    const other = h.connect();
    first.request(1, "thread/list");
    await drainMicrotasks();
    other.request(2, "config/read");
    await drainMicrotasks();
    expect(other.reply(2)).toEqual({ id: 2, error: { code: BROKER_BUSY_CODE, message: "Shared Codex broker is busy." } });
    expect(h.events).toContainEqual({ kind: "broker.busy", connection: "conn-2", method: "config/read" });
    answer({ threads: [] });
    await drainMicrotasks();
    expect(first.reply(1)).toEqual({ id: 1, result: { threads: [] } });
    other.request(3, "config/read");
    await drainMicrotasks();
    expect(other.reply(3)).toEqual({ id: 3, result: { echoed: "config/read" } });
  });

  it("releases the stream after a failed turn/start, so another client's turn/start is forwarded", async () => {
    const h = harness();
    h.answers.set("turn/start", (params) =>
      (params as { threadId: string }).threadId === "t1" ? Promise.reject(Object.assign(new Error("thread not found"), { code: -32600 })) : Promise.resolve({ turn: { id: "u2" } }),
    );
    const owner = h.connect();
    const other = h.connect();
    owner.request(1, "turn/start", { threadId: "t1" });
    await drainMicrotasks();
    expect(owner.reply(1)).toEqual({ id: 1, error: { code: -32600, message: "thread not found" } });
    other.request(2, "turn/start", { threadId: "t2" });
    await drainMicrotasks();
    expect(other.reply(2)).toEqual({ id: 2, result: { turn: { id: "u2" } } });
  });

  it("keeps the stream owner's stream when another client disconnects mid-turn", async () => {
    const h = harness();
    const owner = h.connect();
    const leaver = h.connect();
    const third = h.connect();
    owner.request(1, "turn/start", { threadId: "t1" });
    await drainMicrotasks();
    leaver.transport.close();
    await drainMicrotasks();
    expect(h.broker.connectionCount).toBe(2);
    expect(h.events).toContainEqual({ kind: "broker.disconnect", connection: "conn-2" });
    third.request(2, "turn/start", { threadId: "t3" });
    h.notify("item/completed", { threadId: "t1", item: { type: "agentMessage" } });
    await drainMicrotasks();
    expect(third.reply(2)).toEqual({ id: 2, error: { code: BROKER_BUSY_CODE, message: "Shared Codex broker is busy." } });
    expect(owner.notifications()).toEqual(["item/completed"]);
    expect(third.notifications()).toEqual([]);
  });

  it("closes a connection that arrives while it shuts down, and one after it stopped", async () => {
    const h = harness();
    h.signal("SIGTERM");
    const during = h.connect();
    await drainMicrotasks(20);
    expect(await during.transport.closed).toEqual({ kind: "peer-closed" });
    expect(h.broker.state).toBe("stopped");
    const after = h.connect();
    await drainMicrotasks();
    expect(await after.transport.closed).toEqual({ kind: "peer-closed" });
    expect(h.broker.connectionCount).toBe(0);
    expect(h.events.filter((e) => e.kind === "broker.connection")).toEqual([]);
  });

  it("ignores a second signal during shutdown and exits once", async () => {
    const h = harness();
    h.signal("SIGTERM");
    h.signal("SIGINT");
    await drainMicrotasks(20);
    expect(h.exits).toEqual([0]);
    expect(h.upstreamCloses()).toBe(1);
    expect(h.events.filter((e) => e.kind === "broker.shutdown")).toEqual([{ kind: "broker.shutdown", reason: "SIGTERM", connections: 0 }]);
  });
  it("keeps the stream when the owner's ordinary request fails mid-turn, and forwards the owner's own requests", async () => {
    const h = harness();
    h.answers.set("thread/read", () => Promise.reject(new Error("no such thread")));
    const owner = h.connect();
    const other = h.connect();
    owner.request(1, "turn/start", { threadId: "t1" });
    await drainMicrotasks();
    owner.request(2, "thread/read", { threadId: "t1" });
    owner.request(3, "thread/list");
    await drainMicrotasks();
    expect(owner.reply(2)).toEqual({ id: 2, error: { code: -32000, message: "no such thread" } });
    expect(owner.reply(3)).toEqual({ id: 3, result: { echoed: "thread/list" } });
    other.request(4, "turn/start", { threadId: "t2" });
    await drainMicrotasks();
    // The wire value itself, not the constant: clients (the plugin's withAppServer) match on -32001.
    expect(other.reply(4)).toEqual({ id: 4, error: { code: -32001, message: "Shared Codex broker is busy." } });
  });

  it.each(["review/start", "thread/compact/start"])("treats %s as a stream request: another client's turn/start is refused", async (method) => {
    const h = harness();
    const owner = h.connect();
    const other = h.connect();
    owner.request(1, method, { threadId: "t1" });
    await drainMicrotasks();
    other.request(2, "turn/start", { threadId: "t2" });
    await drainMicrotasks();
    expect(other.reply(2)).toMatchObject({ error: { code: -32001 } });
  });

  it("frees the broker when the client with the request in flight disconnects, and not when another one does", async () => {
    const h = harness();
    const pending: Array<(v: unknown) => void> = [];
    h.answers.set("thread/list", () => new Promise((r) => pending.push(r)));
    const leaver = h.connect();
    const bystander = h.connect();
    const next = h.connect();
    const last = h.connect();
    leaver.request(1, "thread/list");
    await drainMicrotasks();
    bystander.transport.close();
    await drainMicrotasks();
    next.request(2, "config/read");
    await drainMicrotasks();
    expect(next.reply(2)).toMatchObject({ error: { code: BROKER_BUSY_CODE } });
    leaver.transport.close();
    await drainMicrotasks();
    next.request(3, "thread/list");
    await drainMicrotasks();
    // The leaver's request settles while next's is in flight: next stays the active request.
    pending[0]?.({ threads: [] });
    await drainMicrotasks();
    last.request(4, "config/read");
    await drainMicrotasks();
    expect(last.reply(4)).toMatchObject({ error: { code: BROKER_BUSY_CODE } });
    pending[1]?.({ threads: ["x"] });
    await drainMicrotasks();
    expect(next.reply(3)).toEqual({ id: 3, result: { threads: ["x"] } });
  });

  it("routes a notification without a thread to the stream owner when no request is in flight", async () => {
    const h = harness();
    const owner = h.connect();
    const other = h.connect();
    owner.request(1, "turn/start", { threadId: "t1" });
    await drainMicrotasks();
    h.notify("account/rateLimits/updated", { rateLimits: {} });
    h.notify("thread/started", null);
    await drainMicrotasks();
    expect(owner.notifications()).toEqual(["account/rateLimits/updated", "thread/started"]);
    expect(other.notifications()).toEqual([]);
  });

  it("routes a notification of a thread no stream owns to the client with the request in flight, and its turn/completed keeps the owner's stream", async () => {
    const h = harness();
    const pending: Array<(v: unknown) => void> = [];
    h.answers.set("turn/start", () => new Promise((r) => pending.push(r)));
    const owner = h.connect();
    const asker = h.connect();
    owner.request(1, "turn/start", { threadId: "t1" });
    await drainMicrotasks();
    pending[0]?.({ turn: { id: "turn-1" } });
    await drainMicrotasks();
    // The owner's turn runs; the asker interrupts it (allowed), and a notification of another thread arrives meanwhile.
    h.answers.set("turn/interrupt", () => new Promise((r) => pending.push(r)));
    asker.request(2, "turn/interrupt", { threadId: "t1" });
    await drainMicrotasks();
    h.notify("thread/status/changed", { threadId: "t-other" });
    h.notify("turn/completed", { threadId: "t-other", turn: { id: "x" } });
    await drainMicrotasks();
    expect(asker.notifications()).toEqual(["thread/status/changed", "turn/completed"]);
    expect(owner.notifications()).toEqual([]);
    pending[1]?.({});
    await drainMicrotasks();
    // The owner still holds the stream: another client's turn/start is refused.
    asker.request(3, "turn/start", { threadId: "t2" });
    await drainMicrotasks();
    expect(asker.reply(3)).toMatchObject({ error: { code: BROKER_BUSY_CODE } });
  });

  it("answers an upstream rejection that is not an Error with -32000 and its text", async () => {
    const h = harness();
    h.answers.set("thread/start", () => Promise.reject("plain text"));
    h.answers.set("thread/resume", () => Promise.reject(null));
    const c = h.connect();
    c.request(1, "thread/start");
    await drainMicrotasks();
    c.request(2, "thread/resume");
    await drainMicrotasks();
    expect(c.reply(1)).toEqual({ id: 1, error: { code: -32000, message: "plain text" } });
    expect(c.reply(2)).toEqual({ id: 2, error: { code: -32000, message: "null" } });
  });

  it("still closes the listener and runs onShutdown when closing the upstream fails, and reports each failure", async () => {
    const done: string[] = [];
    const events: Array<Record<string, unknown>> = [];
    const broker = createBroker({
      upstream: {
        request: () => Promise.resolve({}),
        onAnyNotification: () => () => {},
        exited: new Promise(() => {}),
        close: () => {
          done.push("upstream");
          throw new Error("upstream close failed");
        },
      },
      listener: {
        onConnection: () => {},
        close: () => {
          done.push("listener");
          return Promise.reject("listener close failed");
        },
      },
      onShutdown: () => void done.push("onShutdown"),
      signals: { onSignal: () => () => {} },
      exit: () => {},
      emit: (e) => events.push(e),
    });
    await broker.shutdown("SIGTERM");
    expect(done).toEqual(["upstream", "listener", "onShutdown"]);
    expect(events.filter((e) => e["kind"] === "broker.shutdown-error")).toEqual([
      { kind: "broker.shutdown-error", message: "upstream close failed" },
      { kind: "broker.shutdown-error", message: "listener close failed" },
    ]);
    expect(broker.state).toBe("stopped");
    expect(events.at(-1)).toEqual({ kind: "broker.stopped", reason: "SIGTERM" });
  });
});
