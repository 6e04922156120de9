import { describe, expect, it } from "vitest";
import { createManualWorld } from "../websocket/manual-world.testkit.ts";
import type { CloseRequest, ServerConnection } from "../websocket/types.ts";
import { FaultScriptError, validateFaultScript, type ExecServerFaultScript } from "./fault-script.ts";
import { createFakeExecServer } from "./server.ts";

/** A connection driven by hand: frames the server sends are recorded, parsed. */
class HandConnection implements ServerConnection {
  readonly sent: Array<Record<string, unknown>> = [];
  closedWith: CloseRequest | undefined;
  private onFrame: (frame: string) => void = () => {};
  private onClosed: Array<(info: { code: number }) => void> = [];
  constructor(readonly connectionId: number) {}
  get isOpen(): boolean {
    return this.closedWith === undefined;
  }
  send(frame: string): void {
    this.sent.push(JSON.parse(frame) as Record<string, unknown>);
  }
  close(request: CloseRequest): void {
    this.closedWith = request;
    this.onClosed.forEach((h) => h({ code: request.code }));
  }
  onMessage(handler: (frame: string) => void): void {
    this.onFrame = handler;
  }
  onClose(handler: (info: { code: number }) => void): void {
    this.onClosed.push(handler);
  }
  request(id: number, method: string, params: unknown = {}): void {
    this.onFrame(JSON.stringify({ id, method, params }));
  }
  notify(method: string): void {
    this.onFrame(JSON.stringify({ method, params: {} }));
  }
  reply(id: number): Record<string, unknown> | undefined {
    return this.sent.find((m) => m["id"] === id);
  }
}

function serve(script: ExecServerFaultScript = {}) {
  const world = createManualWorld();
  const server = createFakeExecServer({
    world,
    script,
    program: () => ({ output: [{ atMs: 10, stream: "stdout", text: "hi\n" }], exitAtMs: 20, exitCode: 7 }),
  });
  const connection = new HandConnection(1);
  server.serve(connection);
  return { world, server, connection };
}

const START = { processId: "p1", argv: ["echo"], cwd: "file:///w", env: {}, tty: false, pipeStdin: false, arg0: null };

describe("createFakeExecServer", () => {
  it("answers calls before initialize with the real -32600 message", () => {
    const { connection } = serve();

    connection.request(1, "process/start", START);

    expect(connection.reply(1)).toEqual({ id: 1, error: { code: -32600, message: "client must call initialize before using environment info methods" } });
  });

  it("creates a new session per initialize and refuses a second initialize on the connection", () => {
    const { server, connection } = serve();

    connection.request(1, "initialize", { clientName: "t" });
    connection.request(2, "initialize", { clientName: "t" });

    expect(connection.reply(1)).toEqual({ id: 1, result: { sessionId: "session-1" } });
    expect(connection.reply(2)).toEqual({ id: 2, error: { code: -32600, message: "initialize may only be sent once per connection" } });
    expect(server.stats().sessions).toEqual(["session-1"]);
  });

  it("uses the real messages for unknown process ids, unknown methods and relative cwd", () => {
    const { connection } = serve();
    connection.request(1, "initialize", { clientName: "t" });

    connection.request(2, "process/read", { processId: "p9" });
    connection.request(3, "no/such");
    connection.request(4, "process/start", { ...START, cwd: "relative/dir" });

    expect(connection.reply(2)).toEqual({ id: 2, error: { code: -32600, message: "unknown process id p9" } });
    expect(connection.reply(3)).toEqual({ id: 3, error: { code: -32601, message: "exec-server stub does not implement `no/such` yet" } });
    expect(connection.reply(4)).toEqual({ id: 4, error: { code: -32602, message: "invalid URI: relative URL without a base" } });
  });

  it("answers a notification other than initialized with an error whose id is -1", () => {
    const { connection } = serve();

    connection.notify("initialized");
    connection.notify("bogus");

    expect(connection.sent).toEqual([{ id: -1, error: { code: -32600, message: "unexpected notification bogus" } }]);
  });

  it("long-polls process/read until output, then reports the exit after output and notifications", async () => {
    const { world, connection } = serve();
    connection.request(1, "initialize", { clientName: "t" });
    connection.request(2, "process/start", START);

    connection.request(3, "process/read", { processId: "p1", afterSeq: 0, waitMs: 1000 });
    expect(connection.reply(3)).toBeUndefined();
    await world.settle();

    const read = connection.reply(3)?.["result"] as { chunks: Array<{ seq: number; chunk: string }>; exited: boolean };
    expect(read.chunks.map((c) => Buffer.from(c.chunk, "base64").toString())).toEqual(["hi\n"]);
    expect(read.exited).toBe(false);
    connection.request(4, "process/read", { processId: "p1", afterSeq: 1 });
    expect(connection.reply(4)?.["result"]).toMatchObject({ exited: true, exitCode: 7, chunks: [] });
    expect(connection.sent.filter((m) => typeof m["method"] === "string").map((m) => m["method"])).toEqual(["process/output", "process/exited", "process/closed"]);
  });

  it("closes the connection after the scripted frame count, with the scripted code", () => {
    const { connection } = serve({ closeAfterFrames: [{ connection: 1, frames: 1, code: 1006 }] });

    connection.request(1, "initialize", { clientName: "t" });
    connection.request(2, "process/start", START);

    expect(connection.closedWith?.code).toBe(1006);
    expect(connection.sent).toHaveLength(1);
  });

  it("closes mid-process after the scripted output chunk and ends the process", async () => {
    const { world, connection } = serve({ closeMidProcess: [{ connection: 1, afterOutputChunks: 1, code: 1000 }] });
    connection.request(1, "initialize", { clientName: "t" });
    connection.request(2, "process/start", START);

    await world.settle();

    expect(connection.closedWith?.code).toBe(1000);
    expect(connection.sent.some((m) => m["method"] === "process/exited")).toBe(false);
  });

  it("refuses the scripted connection attempts only", () => {
    const world = createManualWorld();
    const server = createFakeExecServer({ world, script: { refuseAttempts: [2] } });

    expect([1, 2, 3].map((a) => server.accept(a))).toEqual([true, false, true]);
    expect(server.stats()).toMatchObject({ attempts: 3, refused: 1 });
  });
});

describe("validateFaultScript", () => {
  it("names the path and what was expected for a bad rule", () => {
    expect(() => validateFaultScript({ closeAfterFrames: [{ connection: 1, frames: 0, code: 1006 }] })).toThrow(
      new FaultScriptError("closeAfterFrames[0].frames", "a frame count ≥ 1", 0),
    );
  });
});
