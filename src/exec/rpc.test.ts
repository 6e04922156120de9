import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import type { Transport, TransportClose } from "../runtime/transport.ts";
import { ExecServerDisconnectedError } from "./errors.ts";
import { createExecRpcClient } from "./rpc.ts";

/** A hand-driven transport: records every send (even after close) and lets the test deliver frames and close it. */
function handTransport() {
  const sent: string[] = [];
  let handler: (message: string) => void = () => {};
  let isClosed = false;
  let settle!: (close: TransportClose) => void;
  const closed = new Promise<TransportClose>((resolve) => (settle = resolve));
  const transport: Transport = {
    send: (message) => void sent.push(message),
    onMessage: (next) => void (handler = next),
    close: () => {
      isClosed = true;
      settle({ kind: "local" });
    },
    get isClosed() {
      return isClosed;
    },
    closed,
  };
  return {
    transport,
    sent,
    deliver: (message: string) => handler(message),
    /** Marks the transport closed without settling `closed` (the latch has not run yet). */
    markClosed: () => void (isClosed = true),
    peerClose: (close: TransportClose) => {
      isClosed = true;
      settle(close);
    },
  };
}

function setup() {
  const hand = handTransport();
  const events: LifecycleEvent[] = [];
  const rpc = createExecRpcClient({ transport: hand.transport, emit: (e) => void events.push(e) });
  return { ...hand, rpc, events };
}

describe("createExecRpcClient", () => {
  it("numbers requests 1, 2, 3 on the wire and sends notifications without an id", () => {
    const { rpc, sent } = setup();
    void rpc.request("initialize", { clientName: "a" });
    void rpc.request("process/read", { processId: "p" });
    void rpc.request("process/terminate", { processId: "p" });
    rpc.notify("initialized", {});
    expect(sent).toEqual([
      '{"id":1,"method":"initialize","params":{"clientName":"a"}}',
      '{"id":2,"method":"process/read","params":{"processId":"p"}}',
      '{"id":3,"method":"process/terminate","params":{"processId":"p"}}',
      '{"method":"initialized","params":{}}',
    ]);
  });

  it("emits exec.rpc.malformed with the frame length for a frame that is not JSON, and keeps working", async () => {
    const { rpc, deliver, events } = setup();
    const pending = rpc.request("initialize", { clientName: "a" });
    deliver("{not json");
    expect(events).toEqual([{ kind: "exec.rpc.malformed", length: 9 }]);
    deliver('{"id":1,"result":{"sessionId":"s"}}');
    await expect(pending).resolves.toEqual({ sessionId: "s" });
  });

  it("ignores frames that are JSON null or a primitive without throwing", async () => {
    const { rpc, deliver } = setup();
    const seen: string[] = [];
    rpc.onNotification((method) => seen.push(method));
    const pending = rpc.request("initialize", { clientName: "a" });
    expect(() => deliver("null")).not.toThrow();
    expect(() => deliver("5")).not.toThrow();
    expect(() => deliver('"text"')).not.toThrow();
    deliver('{"id":1,"result":"ok"}');
    await expect(pending).resolves.toBe("ok");
    expect(seen).toEqual([]);
  });

  it("treats a frame with both method and id as a response, not a notification", async () => {
    const { rpc, deliver } = setup();
    const seen: string[] = [];
    rpc.onNotification((method) => seen.push(method));
    const pending = rpc.request("initialize", { clientName: "a" });
    deliver('{"id":1,"method":"process/output","result":"r"}');
    await expect(pending).resolves.toBe("r");
    deliver('{"method":"process/output","params":{"processId":"p"}}');
    expect(seen).toEqual(["process/output"]);
  });

  it("rejects pending requests with the latch detail and the transport close as cause; later calls get the latch itself", async () => {
    const { rpc, peerClose, sent } = setup();
    const pending = rpc.request("process/read", { processId: "p" });
    expect(rpc.disconnected).toBe(false);
    const close: TransportClose = { kind: "peer-closed", code: 1006, reason: "", wasClean: false };
    peerClose(close);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecServerDisconnectedError);
    expect((error as Error).message).toBe("exec-server transport disconnected: closed by peer (code 1006)");
    expect((error as Error).cause).toBe(close);

    const latch = await rpc.whenDisconnected;
    expect(rpc.disconnected).toBe(true);
    const later = await rpc.request("process/read", { processId: "p" }).catch((e: unknown) => e);
    expect(later).toBe(latch);
    expect((later as Error).message).toBe("exec-server transport disconnected: closed by peer (code 1006)");
    rpc.notify("initialized", {});
    expect(sent).toEqual(['{"id":1,"method":"process/read","params":{"processId":"p"}}']);
  });

  it("fails calls with `transport closed` once the transport is closed, before the latch is set, and sends nothing", async () => {
    const { rpc, markClosed, sent } = setup();
    markClosed();
    expect(rpc.transportClosed).toBe(true);
    expect(rpc.disconnected).toBe(false);
    const error = await rpc.request("initialize", { clientName: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecServerDisconnectedError);
    expect((error as Error).message).toBe("exec-server transport disconnected: transport closed");
    rpc.notify("initialized", {});
    expect(sent).toEqual([]);
  });
});
