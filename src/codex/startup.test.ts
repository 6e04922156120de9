import { describe, expect, it } from "vitest";
import { createManualClock, drainMicrotasks } from "../jsonrpc/testing.ts";
import type { LifecycleEvent } from "../runtime/events.ts";
import { CodexThreadStartRequestError } from "./errors.ts";
import { createSharedClientRegistry } from "./shared-client.ts";
import type { CodexStartOptions } from "./shared-client-key.ts";
import {
  isolatedClientAcquisition,
  sharedLeaseAcquisition,
  startAttemptThread,
  type StartAttemptThreadOptions,
  type StartupClientAcquisition,
} from "./startup.ts";
import { isSpawnedRun, type StartupCleanupPolicy } from "./startup-policy.ts";
import { createScriptedClientFactory, defaultScript, type AppServerScript, type ScriptedReply } from "./testing.ts";

const startOptions: CodexStartOptions = { transport: "stdio", command: "codex", args: ["app-server"], authToken: "tok-parent", authProfileId: "p", agentDir: "/a" };
const UNAUTHORIZED = { code: -32603, message: "401 authentication_error: Invalid bearer token" };

/** thread/start replies chosen per request model ("bad" → 401); turn/start is left pending (the parent's live turn). */
function scriptWith(threadStart: (model: unknown, server: { index: number }) => ScriptedReply): AppServerScript {
  return (method, params, server) => {
    if (method === "thread/start") return threadStart((params as { model?: unknown }).model, server);
    if (method === "turn/start") return { silence: true };
    return defaultScript(method, params, server);
  };
}

const helper401 = scriptWith((model, server) => (model === "bad" ? { error: UNAUTHORIZED } : { result: { thread: { id: `t-${server.index}` } } }));

function setup(script: AppServerScript = helper401) {
  const clock = createManualClock();
  const events: LifecycleEvent[] = [];
  const emit = (e: LifecycleEvent): void => void events.push(e);
  const factory = createScriptedClientFactory({ clock, emit, script });
  const registry = createSharedClientRegistry({ startClient: factory.startClient, emit, clock });
  const attempt = (extra: Partial<StartAttemptThreadOptions> = {}) =>
    startAttemptThread({ registry, startOptions, timeoutMs: 5_000, threadParams: { model: "bad" }, clock, emit, spawnedBy: "agent:main:session-1", ...extra });
  const failed = () => events.filter((e) => e.kind === "startup.failed").map((e) => e["decision"]);
  return { clock, events, factory, registry, attempt, failed };
}

/** The parent run: a successful startup that keeps its lease and has a turn in flight. */
async function startParent(ctx: ReturnType<typeof setup>) {
  const parent = await ctx.attempt({ spawnedBy: undefined, threadParams: { model: "good" }, runLabel: "parent" });
  const turn = parent.client.turnStart({ threadId: parent.thread.thread.id, input: [{ type: "text", text: "hi" }] });
  await ctx.factory.nextRequest("turn/start");
  return { parent, turn };
}

describe("startAttemptThread: the post-fix decision matrix", () => {
  it("keeps the shared client when a spawned run's thread/start fails with a 401, and releases its lease", async () => {
    const ctx = setup();
    const { parent, turn } = await startParent(ctx);
    const error = await ctx.attempt({ runLabel: "helper" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexThreadStartRequestError);
    expect(error).toMatchObject({ code: -32603, message: "codex app-server thread/start failed: 401 authentication_error: Invalid bearer token" });
    expect(ctx.failed()).toEqual([{ clear: false, reason: "spawned-logical-failure" }]);
    expect(parent.client.isClosed).toBe(false);
    expect(ctx.registry.entries()).toEqual([expect.objectContaining({ clientId: parent.clientId, activeLeases: 1 })]);
    expect(ctx.factory.servers).toHaveLength(1);
    // The parent's turn completes on the same process.
    const server = ctx.factory.servers[0];
    server?.answer(server.silenced[0]?.id, { result: { turn: { id: "turn-1", status: "inProgress" } } });
    await expect(turn).resolves.toMatchObject({ turn: { id: "turn-1" } });
  });

  it("clears the shared client when a top-level run's thread/start fails, under the parent's lease", async () => {
    const ctx = setup();
    const { parent, turn } = await startParent(ctx);
    await expect(ctx.attempt({ spawnedBy: undefined })).rejects.toBeInstanceOf(CodexThreadStartRequestError);
    expect(ctx.failed()).toEqual([{ clear: true, reason: "top-level-run" }]);
    expect(parent.client.isClosed).toBe(true);
    await expect(turn).rejects.toThrow("codex app-server client is closed");
  });

  it("clears on the startup timeout, even for a spawned run", async () => {
    const ctx = setup(scriptWith((model) => (model === "bad" ? { silence: true } : { result: { thread: { id: "t" } } })));
    const { parent, turn } = await startParent(ctx);
    const pending = ctx.attempt({ timeoutMs: 500 });
    await ctx.factory.nextRequest("thread/start");
    ctx.clock.advance(500);
    await expect(pending).rejects.toThrow("codex app-server startup timed out");
    expect(ctx.failed()).toEqual([{ clear: true, reason: "startup-abandoned" }]);
    expect(parent.client.isClosed).toBe(true);
    await expect(turn).rejects.toThrow("codex app-server client is closed");
  });

  it("clears on a per-RPC 'thread/start timed out', even for a spawned run", async () => {
    const ctx = setup(scriptWith(() => ({ silence: true })));
    const pending = ctx.attempt({ requestTimeoutMs: 50, timeoutMs: 10_000 });
    const server = await ctx.factory.nextRequest("thread/start");
    ctx.clock.advance(100);
    await expect(pending).rejects.toThrow("thread/start timed out");
    expect(ctx.failed()).toEqual([{ clear: true, reason: "startup-abandoned" }]);
    expect(server.client.isClosed).toBe(true);
  });

  it("clears when the run is aborted during startup, and rejects at once when it was aborted before", async () => {
    const ctx = setup(scriptWith(() => ({ silence: true })));
    const controller = new AbortController();
    const pending = ctx.attempt({ signal: controller.signal });
    const server = await ctx.factory.nextRequest("thread/start");
    controller.abort();
    await expect(pending).rejects.toThrow("codex app-server startup aborted");
    expect(ctx.failed()).toEqual([{ clear: true, reason: "run-aborted" }]);
    expect(server.client.isClosed).toBe(true);
    await expect(ctx.attempt({ signal: controller.signal })).rejects.toThrow("codex app-server startup aborted");
    expect(ctx.factory.servers).toHaveLength(1);
  });

  it("clears on 'write EPIPE' for a spawned run, without retrying", async () => {
    const ctx = setup(scriptWith(() => ({ close: { kind: "error", message: "write EPIPE", code: "EPIPE" } })));
    await expect(ctx.attempt()).rejects.toThrow("write EPIPE");
    expect(ctx.failed()).toEqual([{ clear: true, reason: "broken-pipe" }]);
    expect(ctx.factory.servers).toHaveLength(1);
    expect(ctx.events.filter((e) => e.kind === "startup.retry")).toEqual([]);
  });

  it("clears the dead client and retries when the app-server exits during thread/start", async () => {
    const ctx = setup(scriptWith((_model, server) => (server.index === 1 ? { close: { kind: "exit", code: 1, signal: null } } : { result: { thread: { id: "t-2" } } })));
    const result = await ctx.attempt();
    expect(result).toMatchObject({ attempts: 2, clientId: "client-2", mode: "shared" });
    expect(ctx.events.find((e) => e.kind === "startup.retry")).toMatchObject({ attempt: 1, clientId: "client-1", message: "codex app-server exited: code=1 signal=null" });
    expect(ctx.registry.entries()).toEqual([expect.objectContaining({ clientId: "client-2", activeLeases: 1 })]);
    result.release();
    result.release();
    expect(ctx.registry.entries()[0]?.activeLeases).toBe(0);
  });

  it("gives up after 3 attempts on repeated connection closes and clears", async () => {
    const ctx = setup(scriptWith(() => ({ close: { kind: "exit", code: null, signal: "SIGKILL" } })));
    await expect(ctx.attempt({ spawnedBy: undefined })).rejects.toThrow("codex app-server exited: code=null signal=SIGKILL");
    expect(ctx.factory.servers).toHaveLength(3);
    expect(ctx.events.filter((e) => e.kind === "startup.retry").map((e) => e["willRetry"])).toEqual([true, true, false]);
    expect(ctx.failed()).toEqual([{ clear: true, reason: "connection-closed" }]);
    expect(ctx.registry.entries()).toEqual([]);
  });

  it("returns the thread, the client id and the attempt count, and keeps the lease on success", async () => {
    const ctx = setup();
    const result = await ctx.attempt({ threadParams: { model: "good" } });
    expect(result).toMatchObject({ thread: { thread: { id: "t-1" } }, clientId: "client-1", attempts: 1 });
    expect(ctx.registry.entries()[0]?.activeLeases).toBe(1);
  });
});

describe("startAttemptThread: success and cleanup events", () => {
  it("emits startup.succeeded with the run, attempt count, client and thread id", async () => {
    const ctx = setup();
    await ctx.attempt({ threadParams: { model: "good" }, runLabel: "r1" });
    expect(ctx.events.filter((e) => e.kind === "startup.succeeded")).toEqual([
      { kind: "startup.succeeded", run: "r1", spawned: true, attempts: 1, clientId: "client-1", threadId: "t-1" },
    ]);
  });

  it("emits startup.cleared with the failed client after a clearing failure", async () => {
    const ctx = setup();
    await expect(ctx.attempt({ spawnedBy: undefined, runLabel: "top" })).rejects.toBeInstanceOf(CodexThreadStartRequestError);
    expect(ctx.events.filter((e) => e.kind === "startup.cleared")).toEqual([{ kind: "startup.cleared", run: "top", spawned: false, clientId: "client-1", cleared: true }]);
  });
});

describe("startAttemptThread: the seams scenarios use for mutants", () => {
  it("uses an injected policy: 'clear on any failure' closes the parent's client on a helper 401", async () => {
    const ctx = setup();
    const { parent, turn } = await startParent(ctx);
    const clearOnAny: StartupCleanupPolicy = () => ({ clear: true, reason: "any-failure" });
    await expect(ctx.attempt({ policy: clearOnAny })).rejects.toBeInstanceOf(CodexThreadStartRequestError);
    expect(parent.client.isClosed).toBe(true);
    await expect(turn).rejects.toThrow("codex app-server client is closed");
  });

  it("uses an injected acquisition: an isolated client per helper starts a second app-server", async () => {
    const ctx = setup();
    const { parent } = await startParent(ctx);
    const isolatedPerHelper: StartupClientAcquisition = (input) =>
      isSpawnedRun(input.spawnedBy) ? isolatedClientAcquisition(input) : sharedLeaseAcquisition(input);
    await expect(ctx.attempt({ acquisition: isolatedPerHelper })).rejects.toBeInstanceOf(CodexThreadStartRequestError);
    expect(ctx.factory.servers).toHaveLength(2);
    expect(ctx.factory.servers[1]?.client.isClosed).toBe(true);
    expect(parent.client.isClosed).toBe(false);
    expect(ctx.events.find((e) => e.kind === "startup.attempt" && e["run"] === null)).toMatchObject({ mode: "isolated", clientId: "client-2" });
  });
});

describe("startup client acquisition", () => {
  const silentInitialize: AppServerScript = (method, params, server) => (method === "initialize" ? { silence: true } : defaultScript(method, params, server));

  it.each([
    ["shared lease", sharedLeaseAcquisition],
    ["isolated client", isolatedClientAcquisition],
  ] as const)("bounds the initialize wait of a %s by the startup timeout", async (_name, acquisition) => {
    const { registry, clock, factory } = setup(silentInitialize);
    const acquired = acquisition({ registry, startOptions, spawnedBy: undefined, timeoutMs: 1_000 });
    const box: { error?: unknown } = {};
    acquired.catch((e: unknown) => (box.error = e));
    await drainMicrotasks();
    clock.advance(999);
    await drainMicrotasks();
    expect(box.error).toBeUndefined();
    clock.advance(1);
    await drainMicrotasks();
    expect(box.error).toMatchObject({ message: "codex app-server initialize timed out" });
    expect(factory.servers[0]?.client.isClosed).toBe(true);
  });
});
