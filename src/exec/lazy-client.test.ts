import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import type { ChildProcessHandle, ProcessExit, ProcessSpawner } from "../runtime/process.ts";
import { ExecServerConnectError, ExecServerDisconnectedError } from "./errors.ts";
import { fakeChild, spawnerFor } from "../runtime/testing.ts";
import type { ConnectGate } from "./gate.ts";
import { createLazyExecServerClient, defaultLazyExecServerClientImpl, type LazyExecServerClientImpl } from "./lazy-client.ts";
import { createScriptedNetwork, type ScriptedNetwork } from "./scripted-socket.testkit.ts";

function lazyOver(network: ScriptedNetwork, impl: LazyExecServerClientImpl = defaultLazyExecServerClientImpl) {
  return createLazyExecServerClient({
    transport: { kind: "websocket", url: "ws://127.0.0.1:9", factory: network.factory },
    clientName: "proof",
    impl,
  });
}

const noGate: LazyExecServerClientImpl = {
  ...defaultLazyExecServerClientImpl,
  createGate: (): ConnectGate => ({ acquire: () => Promise.resolve(() => {}), close: () => {} }),
};

describe("LazyExecServerClient over a websocket", () => {
  it("returns the cached client while it is connected", async () => {
    const network = createScriptedNetwork();
    const lazy = lazyOver(network);

    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    const c = await lazy.get();

    expect(network.sockets).toHaveLength(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it.each([2, 16])("gives %i concurrent callers after a disconnect one fresh client and session", async (n) => {
    const network = createScriptedNetwork();
    const lazy = lazyOver(network);
    const first = await lazy.get();
    network.sockets[0]!.serverClose(1006, false);
    await first.whenDisconnected;

    const clients = await Promise.all(Array.from({ length: n }, () => lazy.get()));

    expect(network.sockets).toHaveLength(2);
    expect(new Set(clients).size).toBe(1);
    expect(clients[0]!.sessionId).toBe("session-2");
    expect(clients[0]).not.toBe(first);
    expect(network.sockets[1]!.received[0]!.params).toEqual({ clientName: "proof" });
  });

  it("opens two connections without the gate (the gate is what makes callers share one)", async () => {
    const network = createScriptedNetwork();
    const lazy = lazyOver(network, noGate);
    const first = await lazy.get();
    network.sockets[0]!.serverClose(1000, true);
    await first.whenDisconnected;

    await Promise.all([lazy.get(), lazy.get()]);

    expect(network.sockets).toHaveLength(3);
  });

  it("does not cache a failed connect: the error reaches the caller and the next get connects", async () => {
    const network = createScriptedNetwork({ refuse: (attempt) => attempt === 2 });
    const lazy = lazyOver(network);
    const first = await lazy.get();
    network.sockets[0]!.serverClose(1006, false);
    await first.whenDisconnected;

    await expect(lazy.get()).rejects.toBeInstanceOf(ExecServerConnectError);
    const next = await lazy.get();

    expect(next.sessionId).toBe("session-3");
    expect(next.isDisconnected()).toBe(false);
  });

  it("replaces a client whose transport closed even before the disconnect latch ran", async () => {
    const network = createScriptedNetwork();
    const lazy = lazyOver(network);
    const first = await lazy.get();

    network.sockets[0]!.serverClose(1006, false);
    const next = await lazy.get();

    expect(next).not.toBe(first);
    expect(next.sessionId).toBe("session-2");
  });

  it("rejects callers once closed", async () => {
    const network = createScriptedNetwork();
    const lazy = lazyOver(network);
    const first = await lazy.get();

    lazy.close();
    lazy.close();

    await first.whenDisconnected;
    await expect(lazy.get()).rejects.toThrow("exec-server connect lock closed");
  });
});

/** A spawner whose children answer `initialize` on stdout and can be made to exit. */
function stdioSpawner() {
  const children: Array<{ exit(): void }> = [];
  const spawner: ProcessSpawner = {
    spawn(): ChildProcessHandle {
      const stdout: Array<(chunk: string) => void> = [];
      let settle!: (exit: ProcessExit) => void;
      const exited = new Promise<ProcessExit>((resolve) => (settle = resolve));
      const sessionId = `stdio-session-${children.length + 1}`;
      children.push({ exit: () => settle({ code: 0, signal: null }) });
      return {
        pid: children.length,
        write(chunk) {
          const message = JSON.parse(chunk) as { id?: number; method: string };
          if (message.method !== "initialize") return;
          queueMicrotask(() => stdout.forEach((h) => h(`${JSON.stringify({ id: message.id, result: { sessionId } })}\n`)));
        },
        endInput: () => {},
        onStdout: (h) => void stdout.push(h),
        onStderr: () => {},
        onError: () => {},
        kill: () => settle({ code: null, signal: "SIGTERM" }),
        exited,
      };
    },
  };
  return { spawner, children };
}

describe("LazyExecServerClient over stdio", () => {
  it("is one-shot: the dead client is returned and no second process is spawned", async () => {
    const { spawner, children } = stdioSpawner();
    const lazy = createLazyExecServerClient({ transport: { kind: "stdio", spawner, command: "codex", args: ["exec-server"] }, clientName: "proof" });
    const first = await lazy.get();
    children[0]!.exit();
    await first.whenDisconnected;

    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);

    expect(children).toHaveLength(1);
    expect(a).toBe(first);
    expect(b).toBe(first);
    await expect(a.startProcess({ processId: "p1", argv: ["true"], cwd: "file:///tmp" })).rejects.toBeInstanceOf(ExecServerDisconnectedError);
  });
});

describe("LazyExecServerClient lifecycle events", () => {
  it("numbers connect attempts from 1, reports start/ok/failed/replaced, and exposes the cached client", async () => {
    const network = createScriptedNetwork({ refuse: (attempt) => attempt === 2 });
    const events: LifecycleEvent[] = [];
    const lazy = createLazyExecServerClient({
      transport: { kind: "websocket", url: "ws://u:p@127.0.0.1:9/exec?token=sekrit", factory: network.factory },
      clientName: "proof",
      emit: (e) => void events.push(e),
    });
    expect(lazy.current()).toBeUndefined();

    const first = await lazy.get();
    expect(lazy.current()).toBe(first);
    network.sockets[0]!.serverClose(1006, false);
    await first.whenDisconnected;
    await expect(lazy.get()).rejects.toThrow("failed to connect to exec-server at ws://127.0.0.1:9/exec: exec-server transport disconnected: closed by peer (code 1006)");
    const third = await lazy.get();

    expect([first.clientId, third.clientId]).toEqual([1, 3]);
    expect(lazy.current()).toBe(third);
    expect(events.filter((e) => e.kind.startsWith("exec.lazy."))).toEqual([
      { kind: "exec.lazy.connect.start", attempt: 1, transportKind: "websocket" },
      { kind: "exec.lazy.connect.ok", attempt: 1, clientId: 1, sessionId: "session-1" },
      { kind: "exec.lazy.connect.start", attempt: 2, transportKind: "websocket" },
      {
        kind: "exec.lazy.connect.failed",
        attempt: 2,
        message: "failed to connect to exec-server at ws://127.0.0.1:9/exec: exec-server transport disconnected: closed by peer (code 1006)",
      },
      { kind: "exec.lazy.connect.start", attempt: 3, transportKind: "websocket" },
      { kind: "exec.lazy.connect.ok", attempt: 3, clientId: 3, sessionId: "session-3" },
      { kind: "exec.lazy.replaced", fromClientId: 1, toClientId: 3 },
    ]);
  });

  it("over stdio reports return-dead for the one-shot client", async () => {
    const { spawner, children } = stdioSpawner();
    const events: LifecycleEvent[] = [];
    const lazy = createLazyExecServerClient({
      transport: { kind: "stdio", spawner, command: "codex", args: ["exec-server"] },
      clientName: "proof",
      emit: (e) => void events.push(e),
    });
    const first = await lazy.get();
    children[0]!.exit();
    await first.whenDisconnected;

    expect(await lazy.get()).toBe(first);

    expect(events.filter((e) => e.kind.startsWith("exec.lazy."))).toEqual([
      { kind: "exec.lazy.connect.start", attempt: 1, transportKind: "stdio" },
      { kind: "exec.lazy.connect.ok", attempt: 1, clientId: 1, sessionId: "stdio-session-1" },
      { kind: "exec.lazy.return-dead", clientId: 1, sessionId: "stdio-session-1", transportKind: "stdio" },
    ]);
  });

  it("spawns the stdio command with the given env and names it in a connect error", async () => {
    const child = fakeChild();
    const { spawner, calls } = spawnerFor(child);
    const lazy = createLazyExecServerClient({
      transport: { kind: "stdio", spawner, command: "codex", args: ["exec-server"], env: { CODEX_HOME: "/tmp/h" } },
      clientName: "proof",
    });

    const pending = lazy.get().catch((e: unknown) => e);
    child.exit(2);
    const error = await pending;

    expect(calls).toEqual([{ command: "codex", args: ["exec-server"], options: { env: { CODEX_HOME: "/tmp/h" } } }]);
    expect(error).toBeInstanceOf(ExecServerConnectError);
    expect((error as Error).message).toBe("failed to connect to exec-server at stdio command codex: exec-server transport disconnected: exited: code=2 signal=null");
  });
});
