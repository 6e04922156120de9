import { describe, expect, it } from "vitest";
import { createManualClock, drainMicrotasks } from "../jsonrpc/testing.ts";
import type { LifecycleEvent } from "../runtime/events.ts";
import { createSharedClientRegistry } from "./shared-client.ts";
import { sharedClientKey, type CodexStartOptions } from "./shared-client-key.ts";
import { createScriptedClientFactory, defaultScript, type AppServerScript } from "./testing.ts";

const TOKEN = "tok-SECRET-123456";
const base: CodexStartOptions = { transport: "stdio", command: "codex", args: ["app-server"], authToken: TOKEN, authProfileId: "p1", agentDir: "/agents/main" };

function setup(script?: AppServerScript) {
  const clock = createManualClock();
  const events: LifecycleEvent[] = [];
  const emit = (e: LifecycleEvent): void => void events.push(e);
  const factory = createScriptedClientFactory({ clock, emit, ...(script === undefined ? {} : { script }) });
  const registry = createSharedClientRegistry({ startClient: factory.startClient, emit, clock });
  return { clock, events, factory, registry, kinds: () => events.map((e) => e.kind) };
}

/** A registry whose starts (the spawn, before initialize) each wait until the test lets them through. */
function setupHeldStarts() {
  const clock = createManualClock();
  const events: LifecycleEvent[] = [];
  const emit = (e: LifecycleEvent): void => void events.push(e);
  const factory = createScriptedClientFactory({ clock, emit });
  const held: Array<() => void> = [];
  const startClient = (options: CodexStartOptions) => new Promise<void>((resolve) => held.push(resolve)).then(() => factory.startClient(options));
  const registry = createSharedClientRegistry({ startClient, emit, clock });
  return {
    clock,
    events,
    factory,
    registry,
    /** Lets the oldest held start come up, and waits until it has answered initialize. */
    async letStart(): Promise<void> {
      held.shift()?.();
      await drainMicrotasks(20);
    },
  };
}

describe("shared client key", () => {
  it("hashes the bearer token, header values and env values so no secret appears in the key", () => {
    const key = sharedClientKey({ ...base, headers: { Authorization: `Bearer ${TOKEN}` }, env: { OPENAI_API_KEY: "sk-abcdef" } });
    expect(key).not.toContain(TOKEN);
    expect(key).not.toContain("sk-abcdef");
    expect(key).toContain('"authToken":"sha256:');
  });

  it("ignores header and env order but distinguishes a rotated token", () => {
    const a = sharedClientKey({ ...base, headers: { a: "1", b: "2" }, env: { X: "1", Y: "2" } });
    const b = sharedClientKey({ ...base, headers: { b: "2", a: "1" }, env: { Y: "2", X: "1" } });
    expect(a).toBe(b);
    expect(sharedClientKey({ ...base, authToken: "tok-ROTATED" })).not.toBe(sharedClientKey(base));
  });

  it("includes authProfileId and agentDir, and leaves agentDir out under native auth", () => {
    expect(sharedClientKey({ ...base, agentDir: "/agents/other" })).not.toBe(sharedClientKey(base));
    expect(sharedClientKey({ ...base, authProfileId: "p2" })).not.toBe(sharedClientKey(base));
    const native = { ...base, authProfileId: null };
    expect(sharedClientKey({ ...native, agentDir: "/a" })).toBe(sharedClientKey({ ...native, agentDir: "/b" }));
  });
});

describe("shared client registry", () => {
  it("gives a parent and a spawned run with the same options the same client and one process", async () => {
    const { registry, factory, events } = setup();
    const [parent, child] = await Promise.all([registry.acquireLeased(base), registry.acquireLeased(base)]);
    expect(child.client).toBe(parent.client);
    expect(factory.servers).toHaveLength(1);
    expect(factory.servers[0]?.methods).toEqual(["initialize"]);
    expect(registry.entries()).toEqual([expect.objectContaining({ activeLeases: 2, clientId: "client-1", closeWhenIdle: false })]);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it("releases idempotently and releaseLease pops one outstanding lease, false when none is left", async () => {
    const { registry } = setup();
    const first = await registry.acquireLeased(base);
    await registry.acquireLeased(base);
    first.release();
    first.release();
    expect(registry.entries()[0]?.activeLeases).toBe(1);
    expect(registry.releaseLease(first.client)).toBe(true);
    expect(registry.entries()[0]?.activeLeases).toBe(0);
    expect(registry.releaseLease(first.client)).toBe(false);
    expect(first.client.isClosed).toBe(false);
  });

  it("clearIfCurrent closes the client now, under other holders, and removes the entry", async () => {
    const { registry, factory } = setup((method, params, server) => (method === "turn/start" ? { silence: true } : defaultScript(method, params, server)));
    const parent = await registry.acquireLeased(base);
    const spawned = await registry.acquireLeased(base);
    const parentTurn = parent.client.turnStart({ threadId: "t", input: [] });
    expect(registry.clearIfCurrent(spawned.client)).toBe(true);
    await expect(parentTurn).rejects.toThrow("codex app-server client is closed");
    expect(registry.entries()).toEqual([]);
    expect(registry.clearIfCurrent(spawned.client)).toBe(false);
    const next = await registry.acquireLeased(base);
    expect(next.client).not.toBe(parent.client);
    expect(factory.servers).toHaveLength(2);
  });

  it("retireIfCurrent removes the entry at once but closes only when the last lease is released", async () => {
    const { registry, factory } = setup();
    const a = await registry.acquireLeased(base);
    const b = await registry.acquireLeased(base);
    expect(registry.retireIfCurrent(a.client)).toEqual({ activeLeases: 2, closed: false });
    expect(registry.entries()).toEqual([]);
    const fresh = await registry.acquireLeased(base);
    expect(fresh.client).not.toBe(a.client);
    expect(factory.servers).toHaveLength(2);
    a.release();
    expect(a.client.isClosed).toBe(false);
    expect(registry.retireIfCurrent(a.client)).toEqual({ activeLeases: 1, closed: false });
    // The retired client's entry is gone; retiring it again must not touch the fresh one.
    expect(registry.entries()).toEqual([expect.objectContaining({ clientId: "client-2", activeLeases: 1 })]);
    b.release();
    expect(a.client.isClosed).toBe(true);
    expect(registry.retireIfCurrent(a.client)).toBeUndefined();
  });

  it("a late close of a retired client leaves its replacement's entry, so no second process starts", async () => {
    const { registry, factory, events } = setup();
    const old = await registry.acquireLeased(base);
    registry.retireIfCurrent(old.client);
    const fresh = await registry.acquireLeased(base);
    old.release();
    await old.client.closed;
    expect(events.filter((e) => e.kind === "shared-client.closed")).toEqual([expect.objectContaining({ clientId: "client-1", entryRemoved: false })]);
    expect(registry.entries()).toEqual([expect.objectContaining({ clientId: "client-2", activeLeases: 1 })]);
    expect((await registry.acquireLeased(base)).client).toBe(fresh.client);
    expect(factory.servers).toHaveLength(2);
  });

  it("retireIfCurrent closes at once when no lease is held", async () => {
    const { registry } = setup();
    const client = await registry.acquire(base);
    expect(registry.retireIfCurrent(client)).toEqual({ activeLeases: 0, closed: true });
    expect(client.isClosed).toBe(true);
  });

  it("releaseLease keeps the process alive unless the entry was retired", async () => {
    const { registry } = setup();
    const lease = await registry.acquireLeased(base);
    expect(registry.releaseLease(lease.client)).toBe(true);
    expect(lease.client.isClosed).toBe(false);
    expect(registry.entries()).toHaveLength(1);
  });

  it("drops the entry when its client closes, so the next acquirer starts a fresh process", async () => {
    const { registry, factory, events } = setup();
    const lease = await registry.acquireLeased(base);
    factory.servers[0]?.breakWith({ kind: "exit", code: 1, signal: null });
    await lease.client.closed;
    expect(registry.entries()).toEqual([]);
    expect(events.find((e) => e.kind === "shared-client.closed")).toMatchObject({ clientId: "client-1", entryRemoved: true, message: "codex app-server exited: code=1 signal=null" });
    const next = await registry.acquireLeased(base);
    expect(next.client.id).toBe("client-2");
  });

  it("times out the initialize wait, and every waiter loses that process", async () => {
    const { registry, clock, factory, events } = setup((method, params, server) => (method === "initialize" ? { silence: true } : defaultScript(method, params, server)));
    const first = registry.acquireLeased(base, { timeoutMs: 1000 });
    const second = registry.acquireLeased(base, { timeoutMs: 5000 });
    await drainMicrotasks();
    clock.advance(1000);
    await expect(first).rejects.toThrow("codex app-server initialize timed out");
    await expect(second).rejects.toThrow("codex app-server client is closed");
    expect(factory.servers[0]?.client.isClosed).toBe(true);
    expect(registry.entries()).toEqual([]);
    expect(events.find((e) => e.kind === "shared-client.init-failed")).toMatchObject({ entryRemoved: true, clientId: "client-1" });
  });

  it("closes the client and drops the entry when initialize fails", async () => {
    const { registry, factory } = setup((method) => (method === "initialize" ? { error: { code: -32600, message: "Already initialized" } } : { result: {} }));
    await expect(registry.acquireLeased(base)).rejects.toThrow("Already initialized");
    expect(factory.servers[0]?.client.isClosed).toBe(true);
    expect(registry.entries()).toEqual([]);
  });

  it("starts isolated clients outside the map, so clearIfCurrent does not touch them", async () => {
    const { registry, factory } = setup();
    const shared = await registry.acquireLeased(base);
    const isolated = await registry.startIsolated(base);
    expect(isolated).not.toBe(shared.client);
    expect(factory.servers).toHaveLength(2);
    expect(registry.entries()).toHaveLength(1);
    expect(registry.clearIfCurrent(isolated)).toBe(false);
    expect(isolated.isClosed).toBe(false);
  });

  it("emits every transition with the client id and a key hash, never the token", async () => {
    const { registry, kinds, events } = setup();
    const lease = await registry.acquireLeased(base);
    lease.release();
    registry.retireIfCurrent(lease.client);
    expect(kinds().filter((k) => k.startsWith("shared-client."))).toEqual([
      "shared-client.acquire",
      "shared-client.started",
      "shared-client.lease",
      "shared-client.release",
      "shared-client.retire",
      "shared-client.closed",
    ]);
    const lease2 = events.find((e) => e.kind === "shared-client.lease");
    expect(lease2).toMatchObject({ clientId: "client-1", keyHash: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });
  it("closes an app-server that comes up only after every waiter timed out", async () => {
    const { registry, clock, factory, letStart, events } = setupHeldStarts();
    const waiter = registry.acquire(base, { timeoutMs: 1000 });
    await drainMicrotasks();
    clock.advance(1000);
    await expect(waiter).rejects.toThrow("codex app-server initialize timed out");
    expect(events.find((e) => e.kind === "shared-client.init-failed")).toMatchObject({ clientId: null, entryRemoved: true });
    await letStart();
    expect(factory.servers).toHaveLength(1);
    expect(factory.servers[0]?.client.isClosed).toBe(true);
    expect(factory.servers[0]?.methods).toEqual([]);
    expect(registry.entries()).toEqual([]);
  });

  it("a stale waiter's timeout does not remove or close the newer client started after the first timeout", async () => {
    const { registry, clock, factory, letStart } = setupHeldStarts();
    const quick = registry.acquire(base, { timeoutMs: 1000 });
    const patient = registry.acquire(base, { timeoutMs: 5000 });
    await drainMicrotasks();
    clock.advance(1000);
    await expect(quick).rejects.toThrow("codex app-server initialize timed out");
    const next = registry.acquire(base);
    await drainMicrotasks();
    await letStart(); // the first start: nobody owns it any more
    await letStart(); // the second start: the current entry's client
    const client = await next;
    expect(client.id).toBe("client-2");
    clock.advance(4000);
    await expect(patient).rejects.toThrow("codex app-server initialize timed out");
    expect(client.isClosed).toBe(false);
    expect(registry.entries()).toEqual([expect.objectContaining({ clientId: "client-2" })]);
    expect(await registry.acquire(base)).toBe(client);
    expect(factory.servers.map((s) => s.client.isClosed)).toEqual([true, false]);
  });

  it("closes an isolated client that comes up after its initialize timed out", async () => {
    const { registry, clock, factory, letStart } = setupHeldStarts();
    const isolated = registry.startIsolated(base, { timeoutMs: 1000 });
    await drainMicrotasks();
    clock.advance(1000);
    await expect(isolated).rejects.toThrow("codex app-server initialize timed out");
    await letStart();
    expect(factory.servers[0]?.client.isClosed).toBe(true);
  });

  it("closes an isolated client whose initialize is still pending when the wait times out", async () => {
    const { registry, clock, factory } = setup((method, params, server) => (method === "initialize" ? { silence: true } : defaultScript(method, params, server)));
    const isolated = registry.startIsolated(base, { timeoutMs: 1000 });
    await drainMicrotasks();
    clock.advance(1000);
    await expect(isolated).rejects.toThrow("codex app-server initialize timed out");
    expect(factory.servers[0]?.client.isClosed).toBe(true);
  });

  it("closeAll closes every shared client and empties the registry", async () => {
    const { registry, factory } = setup();
    const a = await registry.acquireLeased(base);
    const b = await registry.acquireLeased({ ...base, authProfileId: "p2" });
    await registry.acquire(base);
    registry.closeAll();
    expect(a.client.isClosed).toBe(true);
    expect(b.client.isClosed).toBe(true);
    expect(registry.entries()).toEqual([]);
    expect(factory.servers).toHaveLength(2);
    expect((await registry.acquire(base)).id).toBe("client-3");
  });
  it("emits started with shared true for an entry's client and false for an isolated one, and acquire reused false then true", async () => {
    const { registry, events } = setup();
    await registry.acquire(base);
    const hash = registry.entries()[0]?.keyHash;
    await registry.acquire(base);
    await registry.startIsolated(base);
    expect(events.filter((e) => e.kind === "shared-client.started")).toEqual([
      { kind: "shared-client.started", clientId: "client-1", keyHash: hash, shared: true },
      { kind: "shared-client.started", clientId: "client-2", keyHash: hash, shared: false },
    ]);
    expect(events.filter((e) => e.kind === "shared-client.acquire")).toEqual([
      { kind: "shared-client.acquire", keyHash: hash, reused: false },
      { kind: "shared-client.acquire", keyHash: hash, reused: true },
    ]);
  });

  it("labels the bounded initialize wait's timer", async () => {
    const { registry, clock } = setup((method, params, server) => (method === "initialize" ? { silence: true } : defaultScript(method, params, server)));
    const waiting = registry.acquire(base, { timeoutMs: 1000 });
    await drainMicrotasks();
    expect(clock.pendingTimers).toContainEqual({ dueMs: 1000, label: "codex app-server initialize" });
    clock.advance(1000);
    await expect(waiting).rejects.toThrow("codex app-server initialize timed out");
  });

  it("releaseLease still finds the earlier lease after a later one was released directly", async () => {
    const { registry } = setup();
    const first = await registry.acquireLeased(base);
    const second = await registry.acquireLeased(base);
    second.release();
    expect(registry.entries()[0]?.activeLeases).toBe(1);
    expect(registry.releaseLease(first.client)).toBe(true);
    expect(registry.entries()[0]?.activeLeases).toBe(0);
    expect(registry.releaseLease(first.client)).toBe(false);
  });

  it("emits clear with the key hash when it cleared, and a null hash when the client was not current", async () => {
    const { registry, events } = setup();
    const client = await registry.acquire(base);
    const hash = registry.entries()[0]?.keyHash;
    registry.clearIfCurrent(client);
    registry.clearIfCurrent(client);
    expect(events.filter((e) => e.kind === "shared-client.clear")).toEqual([
      { kind: "shared-client.clear", clientId: "client-1", keyHash: hash, cleared: true },
      { kind: "shared-client.clear", clientId: "client-1", keyHash: null, cleared: false },
    ]);
  });

  it("emits retire with the result, or nulls and closed false for a client the registry does not hold", async () => {
    const { registry, events } = setup();
    const shared = await registry.acquire(base);
    const hash = registry.entries()[0]?.keyHash;
    const isolated = await registry.startIsolated(base);
    expect(registry.retireIfCurrent(isolated)).toBeUndefined();
    expect(registry.retireIfCurrent(shared)).toEqual({ activeLeases: 0, closed: true });
    expect(events.filter((e) => e.kind === "shared-client.retire")).toEqual([
      { kind: "shared-client.retire", clientId: "client-2", keyHash: null, activeLeases: null, closed: false },
      { kind: "shared-client.retire", clientId: "client-1", keyHash: hash, activeLeases: 0, closed: true },
    ]);
    expect(isolated.isClosed).toBe(false);
  });
});
