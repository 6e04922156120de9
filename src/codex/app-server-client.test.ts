import { describe, expect, it } from "vitest";
import { createManualClock, createTestTransport, drainMicrotasks } from "../jsonrpc/testing.ts";
import type { LifecycleEvent } from "../runtime/events.ts";
import { fakeChild, spawnerFor } from "../runtime/testing.ts";
import { closeErrorForTransport, CodexAppServerClient } from "./app-server-client.ts";
import { CodexAppServerRpcError, isConnectionClosedError } from "./errors.ts";

function startOverTransport(extra: { clientId?: string } = {}) {
  const clock = createManualClock();
  const { transport, far } = createTestTransport();
  const events: LifecycleEvent[] = [];
  const client = CodexAppServerClient.start({ transport, clock, emit: (e) => events.push(e), clientId: "c-1", ...extra });
  return { clock, far, events, client, transport };
}

describe("CodexAppServerClient", () => {
  it("performs the handshake: initialize with clientInfo, then the initialized notification, and becomes ready", async () => {
    const { far, client } = startOverTransport();
    expect(client.state).toBe("starting");
    const init = client.initialize();
    const request = await far.next();
    expect(request).toMatchObject({ id: 1, method: "initialize", params: { clientInfo: { name: "codex-lifecycle-proof" } } });
    far.send({ id: 1, result: { userAgent: "fake/0.169.0" } });
    await expect(init).resolves.toEqual({ userAgent: "fake/0.169.0" });
    expect(await far.next()).toEqual({ method: "initialized" });
    expect(client.state).toBe("ready");
    await expect(client.initialize()).resolves.toEqual({ userAgent: "fake/0.169.0" });
    expect(far.sent.filter((m) => m["method"] === "initialize")).toHaveLength(1);
  });

  it("spawns through the ProcessSpawner port and speaks JSONL over the child's stdio", async () => {
    const child = fakeChild();
    const { spawner, calls } = spawnerFor(child);
    const client = CodexAppServerClient.start({ spawner, command: "codex", args: ["app-server"], env: { HOME: "/h" }, clock: createManualClock(), clientId: "c-2" });
    const pending = client.threadStart({ model: "m" });
    expect(calls).toEqual([{ command: "codex", args: ["app-server"], options: { env: { HOME: "/h" } } }]);
    expect(child.written).toEqual([`${JSON.stringify({ id: 1, method: "thread/start", params: { model: "m" } })}\n`]);
    child.stdout(JSON.stringify({ id: 1, result: { thread: { id: "t-1" } } }));
    await expect(pending).resolves.toEqual({ thread: { id: "t-1" } });
  });

  it("closes with 'codex app-server exited: code=… signal=… stderr=…' on exit, with secrets redacted", async () => {
    const child = fakeChild();
    const { spawner } = spawnerFor(child);
    const events: LifecycleEvent[] = [];
    const client = CodexAppServerClient.start({ spawner, command: "codex", args: [], clock: createManualClock(), emit: (e) => events.push(e), clientId: "c-3" });
    const closes: string[] = [];
    client.onClose((e) => closes.push(e.message));
    const pending = client.turnStart({ threadId: "t", input: [] });
    child.stderr("auth failed: Authorization: Bearer abc.def-123 key sk-live_ABCDEF\n");
    child.exit(1);
    const expected = "codex app-server exited: code=1 signal=null stderr=auth failed: Authorization: <redacted> key sk-<redacted>";
    await expect(pending).rejects.toThrow(expected);
    expect(closes).toEqual([expected]);
    expect(client.state).toBe("closed");
    expect(isConnectionClosedError(await client.closed)).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/abc\.def|sk-live/);
  });

  it("reports a signal exit with code=null", async () => {
    const child = fakeChild();
    const client = CodexAppServerClient.start({ ...spawnerFor(child), command: "codex", args: [], clock: createManualClock(), clientId: "c-4" });
    child.exit(null, "SIGKILL");
    await expect(client.closed).resolves.toMatchObject({ message: "codex app-server exited: code=null signal=SIGKILL" });
  });

  it("closes on 'write EPIPE': pending requests reject with it, later ones with 'client is closed'", async () => {
    const child = fakeChild();
    const client = CodexAppServerClient.start({ ...spawnerFor(child), command: "codex", args: [], clock: createManualClock(), clientId: "c-5" });
    const pending = client.threadStart({});
    child.fail("write EPIPE", "EPIPE");
    const error = await pending.catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "write EPIPE", code: "EPIPE" });
    expect(isConnectionClosedError(error)).toBe(false);
    expect(client.isClosed).toBe(true);
    const late = await client.threadStart({}).catch((e: unknown) => e);
    expect(late).toMatchObject({ message: "codex app-server client is closed" });
    expect(isConnectionClosedError(late)).toBe(true);
  });

  it("rejects pending requests with 'codex app-server client is closed' on a local close, idempotently", async () => {
    const { client, transport, events } = startOverTransport();
    const pending = client.threadStart({});
    client.close();
    client.close();
    await expect(pending).rejects.toThrow("codex app-server client is closed");
    expect(transport.isClosed).toBe(true);
    expect(events.filter((e) => e.kind === "codex-client.closed")).toHaveLength(1);
  });

  it("ends stdin on closeAndWait, SIGTERMs after the grace and SIGKILLs a child still running at the exit timeout", async () => {
    const child = fakeChild({ ignores: ["SIGTERM"] });
    const clock = createManualClock();
    const client = CodexAppServerClient.start({ ...spawnerFor(child), command: "codex", args: [], clock, clientId: "c-6" });
    let exit: unknown;
    const waiting = client.closeAndWait({ exitTimeoutMs: 500 }).then((e) => (exit = e));
    expect(child.stdinEnded).toBe(true);
    clock.advance(499);
    await drainMicrotasks();
    expect({ exit, kills: child.kills }).toEqual({ exit: undefined, kills: ["SIGTERM"] });
    clock.advance(1);
    await waiting;
    expect({ exit, kills: child.kills }).toEqual({ exit: { code: null, signal: "SIGKILL" }, kills: ["SIGTERM", "SIGKILL"] });
  });

  it("waits 2 000 ms by default before the SIGKILL, and leaves a child that exits on stdin EOF alone", async () => {
    const stubborn = fakeChild({ ignores: ["SIGTERM"] });
    const clock = createManualClock();
    const client = CodexAppServerClient.start({ ...spawnerFor(stubborn), command: "codex", args: [], clock, clientId: "c-7" });
    const waiting = client.closeAndWait();
    clock.advance(1_999);
    await drainMicrotasks();
    expect(stubborn.kills).toEqual(["SIGTERM"]);
    clock.advance(1);
    await expect(waiting).resolves.toEqual({ code: null, signal: "SIGKILL" });

    const polite = fakeChild();
    const other = CodexAppServerClient.start({ ...spawnerFor(polite), command: "codex", args: [], clock, clientId: "c-8" });
    const done = other.closeAndWait();
    polite.exit(0);
    await expect(done).resolves.toEqual({ code: 0, signal: null });
    clock.advance(10_000);
    expect(polite.kills).toEqual([]);
    expect(clock.pendingTimers).toEqual([]);
  });

  it("rejects an error response with CodexAppServerRpcError and appends a relogin hint's detail", async () => {
    const { far, client } = startOverTransport();
    const pending = client.threadStart({});
    await far.next();
    far.send({ id: 1, error: { code: -32603, message: "unauthorized", data: { action: "relogin", detail: "Run codex login." } } });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexAppServerRpcError);
    expect(error).toMatchObject({ message: "unauthorized Run codex login.", code: -32603, method: "thread/start" });
    expect(isConnectionClosedError(error)).toBe(false);
  });

  it("answers approvals through onServerRequest and unknown server requests with -32601", async () => {
    const { far, client } = startOverTransport();
    client.onServerRequest("item/commandExecution/requestApproval", () => ({ decision: "decline" as const }));
    far.send({ id: 0, method: "item/commandExecution/requestApproval", params: { threadId: "t", turnId: "u", itemId: "i" } });
    expect(await far.next()).toEqual({ id: 0, result: { decision: "decline" } });
    far.send({ id: 1, method: "item/fileChange/requestApproval", params: {} });
    expect(await far.next()).toEqual({ id: 1, error: { code: -32601, message: "Unsupported server request: item/fileChange/requestApproval" } });
  });

  it("takes its instance id from the caller, or draws it from the Random port", () => {
    const fixed = startOverTransport({ clientId: "parent-shared" });
    expect(fixed.client.id).toBe("parent-shared");
    const { transport } = createTestTransport();
    let n = 0;
    const drawn = CodexAppServerClient.start({ transport, clock: createManualClock(), random: { nextU32: () => 0xa0 + n++, nextInt: () => 0 } });
    expect(drawn.id).toBe("codex-client-a0a1a2a3");
  });
});

describe("isConnectionClosedError", () => {
  it("is true only for 'client is closed' exactly and the 'exited:' prefix", () => {
    expect(isConnectionClosedError(new Error("codex app-server client is closed"))).toBe(true);
    expect(isConnectionClosedError(new Error("codex app-server exited: code=0 signal=null"))).toBe(true);
    expect(isConnectionClosedError(new Error("codex app-server client is closed!"))).toBe(false);
    expect(isConnectionClosedError(new Error("write EPIPE"))).toBe(false);
    expect(isConnectionClosedError(new Error("thread/start timed out"))).toBe(false);
    expect(isConnectionClosedError("codex app-server client is closed")).toBe(false);
  });
});

describe("closeErrorForTransport", () => {
  it("gives each kind of close the upstream message, keeps the close, and a stream error's code", () => {
    const cases = [
      { close: { kind: "exit", code: 1, signal: null, stderrTail: "boom" }, message: "codex app-server exited: code=1 signal=null stderr=boom", code: undefined , closed: true },
      { close: { kind: "exit", code: null, signal: "SIGKILL", stderrTail: "" }, message: "codex app-server exited: code=null signal=SIGKILL", code: undefined , closed: true },
      { close: { kind: "error", message: "write EPIPE", code: "EPIPE", closed: false }, message: "write EPIPE", code: "EPIPE", closed: false },
      { close: { kind: "error", message: "socket hang up" }, message: "socket hang up", code: undefined, closed: false },
      { close: { kind: "peer-closed", code: 1006 }, message: "codex app-server exited: code=1006 signal=null", code: undefined , closed: true },
      { close: { kind: "peer-closed" }, message: "codex app-server exited: code=null signal=null", code: undefined , closed: true },
      { close: { kind: "local" }, message: "codex app-server client is closed", code: undefined , closed: true },
    ] as const;
    for (const { close, message, code, closed } of cases) {
      const error = closeErrorForTransport(close) as Error & { close?: unknown; code?: string };
      expect({ message: error.message, close: error.close, code: error.code, closed: isConnectionClosedError(error) }).toEqual({ message, close, code, closed });
    }
  });
});

describe("CodexAppServerClient lifecycle details", () => {
  it("emits start (via transport) and ready, and sends the default clientInfo and capabilities", async () => {
    const { far, client, events } = startOverTransport();
    const init = client.initialize();
    const request = await far.next();
    expect(request["params"]).toEqual({
      clientInfo: { name: "codex-lifecycle-proof", title: null, version: "0.1.0" },
      capabilities: { experimentalApi: false, requestAttestation: false },
    });
    far.send({ id: 1, result: { userAgent: "fake/0.169.0" } });
    await init;
    expect(events).toEqual([
      { kind: "codex-client.start", clientId: "c-1", via: "transport" },
      { kind: "codex-client.ready", clientId: "c-1" },
    ]);
  });

  it("does not report ready when the client closed between the initialize answer and the end of the handshake", async () => {
    const { far, client, events } = startOverTransport();
    const init = client.initialize();
    await far.next();
    far.send({ id: 1, result: { userAgent: "fake/0.169.0" } });
    // The answer is handled first, then the client closes before the handshake resumes.
    queueMicrotask(() => client.close());
    await expect(init).resolves.toEqual({ userAgent: "fake/0.169.0" });
    expect(client.state).toBe("closed");
    expect(events.map((e) => e.kind)).not.toContain("codex-client.ready");
  });

  it("emits start via stdio with the pid, and passes no env or cwd keys the caller did not give", () => {
    const child = fakeChild();
    const { spawner, calls } = spawnerFor(child);
    const events: LifecycleEvent[] = [];
    CodexAppServerClient.start({ spawner, command: "codex", args: [], clock: createManualClock(), clientId: "c-s", emit: (e) => events.push(e) });
    CodexAppServerClient.start({ spawner, command: "codex", args: [], cwd: "/w", clock: createManualClock(), clientId: "c-t" });
    expect(events).toEqual([{ kind: "codex-client.start", clientId: "c-s", via: "stdio", pid: 4242 }]);
    expect(calls[0]?.options).toStrictEqual({});
    expect(calls[1]?.options).toStrictEqual({ cwd: "/w" });
  });

  it("numbers clients without an id or Random from a per-process counter", () => {
    const a = CodexAppServerClient.start({ transport: createTestTransport().transport, clock: createManualClock() });
    const b = CodexAppServerClient.start({ transport: createTestTransport().transport, clock: createManualClock() });
    const n = Number(/^codex-client-(\d+)$/.exec(a.id)?.[1]);
    expect(n).toBeGreaterThan(0);
    expect(b.id).toBe(`codex-client-${n + 1}`);
  });

  it("closeWithError closes with that error, rejecting pending requests with it", async () => {
    const { client } = startOverTransport();
    const pending = client.threadStart({ model: "m" });
    const boom = new Error("boom");
    client.closeWithError(boom);
    await expect(pending).rejects.toThrow("boom");
    expect(await client.closed).toBe(boom);
    expect(client.closeError).toBe(boom);
  });

  it("labels the terminate and force-kill timers with the client id and clears the terminate timer when the child exits", async () => {
    const child = fakeChild();
    const clock = createManualClock();
    const client = CodexAppServerClient.start({ ...spawnerFor(child), command: "codex", args: [], clock, clientId: "c-9" });
    const waiting = client.closeAndWait({ exitTimeoutMs: 500 });
    await drainMicrotasks();
    expect(clock.pendingTimers).toEqual([
      { dueMs: 50, label: "codex app-server terminate c-9" },
      { dueMs: 500, label: "codex app-server force kill c-9" },
    ]);
    child.exit(0);
    await waiting;
    await drainMicrotasks();
    expect(clock.pendingTimers).toEqual([]);
    expect(child.kills).toEqual([]);
  });
});
