import { describe, expect, it } from "vitest";
import { createTestTransport } from "../jsonrpc/testing.ts";
import type { LifecycleEvent } from "../runtime/events.ts";
import type { Transport } from "../runtime/transport.ts";
import { connectExecServerClient } from "./client.ts";
import { ExecServerConnectError, ExecServerDisconnectedError, ExecServerProtocolError, ExecServerRpcError } from "./errors.ts";
import { createScriptedNetwork } from "./scripted-socket.testkit.ts";
import { createWebSocketTransport } from "./websocket-transport.ts";

const URL_WITH_TOKEN = "ws://127.0.0.1:9/exec?token=sekrit";

function connect(network: ReturnType<typeof createScriptedNetwork>) {
  const transport = createWebSocketTransport({ factory: network.factory, url: URL_WITH_TOKEN, headers: { Authorization: "Bearer sekrit" } });
  return connectExecServerClient({ transport, transportKind: "websocket", clientName: "proof", target: "ws://127.0.0.1:9/exec" });
}

/** A transport whose peer answers `initialize` with the raw frame `answer`. */
function answeringTransport(answer: string): Transport {
  const { transport, far } = createTestTransport();
  void far.next().then((message) => {
    if (message["method"] === "initialize") far.sendRaw(answer);
  });
  return transport;
}

describe("connectExecServerClient", () => {
  it.each([
    ["a null result", '{"id":1,"result":null}'],
    ["no result", '{"id":1}'],
    ["an empty sessionId", '{"id":1,"result":{"sessionId":""}}'],
    ["a numeric sessionId", '{"id":1,"result":{"sessionId":7}}'],
  ])("fails the connect with a protocol error when initialize answers %s", async (_label, answer) => {
    const transport = answeringTransport(answer);

    const error = await connectExecServerClient({ transport, transportKind: "stdio", clientName: "proof", target: "stdio command codex" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExecServerConnectError);
    expect((error as Error).message).toBe("failed to connect to exec-server at stdio command codex: initialize response carries no sessionId");
    expect((error as Error).cause).toBeInstanceOf(ExecServerProtocolError);
    expect(transport.isClosed).toBe(true);
  });

  it("sends process/start with its fixed fields, and emits process.started and client.disconnected", async () => {
    const network = createScriptedNetwork({ onRequest: (s, r) => s.reply({ id: r.id, result: { processId: "p1" } }) });
    const events: LifecycleEvent[] = [];
    const transport = createWebSocketTransport({ factory: network.factory, url: URL_WITH_TOKEN });
    const client = await connectExecServerClient({ transport, transportKind: "websocket", clientName: "proof", target: "ws://x/", clientId: 4, emit: (e) => void events.push(e) });

    await client.startProcess({ processId: "p1", argv: ["echo", "hi"], cwd: "file:///tmp" });
    network.sockets[0]!.serverClose(1006, false);
    await client.whenDisconnected;
    await Promise.resolve();

    expect(network.sockets[0]!.received[2]).toEqual({
      id: 2,
      method: "process/start",
      params: { processId: "p1", argv: ["echo", "hi"], cwd: "file:///tmp", env: {}, tty: false, pipeStdin: false, arg0: null },
    });
    expect(events).toEqual([
      { kind: "exec.process.started", clientId: 4, sessionId: "session-1", processId: "p1" },
      { kind: "exec.client.disconnected", clientId: 4, sessionId: "session-1", reason: "closed by peer (code 1006)" },
    ]);
  });

  it("keeps the exit code from process/exited when process/closed follows", async () => {
    const network = createScriptedNetwork({
      onRequest: (s, r) => {
        s.reply({ id: r.id, result: { processId: "p1" } });
        s.reply({ method: "process/exited", params: { processId: "p1", seq: 1, exitCode: 3 } });
        s.reply({ method: "process/closed", params: { processId: "p1", seq: 2 } });
      },
    });
    const client = await connect(network);

    const process = await client.startProcess({ processId: "p1", argv: ["false"], cwd: "file:///tmp" });

    expect(process.exitCode).toBe(3);
    expect(process.notifiedChunks).toEqual([]);
  });

  it("sends initialize without resumeSessionId, then initialized, and adopts the new session id", async () => {
    const network = createScriptedNetwork();

    const client = await connect(network);

    expect(client.sessionId).toBe("session-1");
    const socket = network.sockets[0]!;
    expect(socket.received.map((r) => r.method)).toEqual(["initialize", "initialized"]);
    expect(socket.received[0]!.params).toEqual({ clientName: "proof" });
    expect(client.isDisconnected()).toBe(false);
  });

  it("buffers the initialize frame until the socket opens", async () => {
    const network = createScriptedNetwork();

    const pending = connect(network);
    expect(network.sockets[0]!.received).toEqual([]);
    await pending;

    expect(network.sockets[0]!.received[0]!.method).toBe("initialize");
  });

  it("fails a refused connection with a connect error that names the redacted target only", async () => {
    const network = createScriptedNetwork({ refuse: () => true });

    const error = await connect(network).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExecServerConnectError);
    expect((error as Error).message).toContain("ws://127.0.0.1:9/exec");
    expect((error as Error).message).not.toContain("sekrit");
    expect((error as Error).cause).toBeInstanceOf(ExecServerDisconnectedError);
    expect((error as Error).message).toContain("code 1006");
  });

  it("fails the connect when initialize answers without a session id, and closes the socket", async () => {
    const network = createScriptedNetwork({ initializeResult: () => ({ session: "nope" }) });
    const transport = createWebSocketTransport({ factory: network.factory, url: URL_WITH_TOKEN });

    const error = await connectExecServerClient({ transport, transportKind: "websocket", clientName: "proof", target: "ws://x/" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExecServerConnectError);
    expect((error as Error).cause).toBeInstanceOf(ExecServerProtocolError);
    expect(transport.isClosed).toBe(true);
  });

  it("rejects a JSON-RPC error response with its code and message", async () => {
    const network = createScriptedNetwork({
      onRequest: (s, r) => s.reply({ id: r.id, error: { code: -32600, message: "unknown process id p9" } }),
    });
    const client = await connect(network);

    const error = await client.startProcess({ processId: "p9", argv: ["true"], cwd: "file:///tmp" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExecServerRpcError);
    expect((error as ExecServerRpcError).code).toBe(-32600);
    expect((error as ExecServerRpcError).rpcMessage).toBe("unknown process id p9");
  });

  it("fails a pending process/read with the disconnect error when the socket closes, and every later read at once", async () => {
    const network = createScriptedNetwork({
      onRequest: (s, r) => {
        if (r.method === "process/start") s.reply({ id: r.id, result: { processId: "p1" } });
        // process/read is left unanswered: a long poll in flight.
      },
    });
    const client = await connect(network);
    const process = await client.startProcess({ processId: "p1", argv: ["sleep", "9"], cwd: "file:///tmp" });
    const inFlight = process.read({ waitMs: 5_000 });

    network.sockets[0]!.serverClose(1006, false);

    await expect(inFlight).rejects.toBeInstanceOf(ExecServerDisconnectedError);
    await expect(inFlight).rejects.toThrow("exec-server transport disconnected: closed by peer (code 1006)");
    await expect(process.read()).rejects.toBeInstanceOf(ExecServerDisconnectedError);
    expect(process.disconnectError).toBeInstanceOf(ExecServerDisconnectedError);
  });

  it("reports disconnected from the transport state before the latch is set", async () => {
    const network = createScriptedNetwork();
    const client = await connect(network);

    network.sockets[0]!.serverClose(1000, true);

    // The close event has been handled by the transport, the latch's microtask has not run yet.
    expect(client.isDisconnected()).toBe(true);
    const error = await client.whenDisconnected;
    expect(error.detail).toBe("closed by peer (code 1000)");
  });

  it("routes process/output and process/exited notifications to the process handle", async () => {
    const network = createScriptedNetwork({
      onRequest: (s, r) => {
        if (r.method !== "process/start") return;
        const { processId } = r.params as { processId: string };
        s.reply({ id: r.id, result: { processId } });
        if (processId !== "p1") return;
        s.reply({ method: "process/output", params: { processId: "p1", seq: 1, stream: "stdout", chunk: "aGk=" } });
        s.reply({ method: "process/output", params: { processId: "other", seq: 1, stream: "stdout", chunk: "eA==" } });
        s.reply({ method: "process/exited", params: { processId: "p1", seq: 2, exitCode: 3 } });
      },
    });
    const client = await connect(network);

    const process = await client.startProcess({ processId: "p1", argv: ["echo", "hi"], cwd: "file:///tmp" });
    await client.startProcess({ processId: "p2", argv: ["true"], cwd: "file:///tmp" });

    expect(process.notifiedChunks.map((c) => c.chunk)).toEqual(["aGk="]);
    expect(process.exitCode).toBe(3);
  });
});
