import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import type { Transport, TransportClose } from "../runtime/transport.ts";
import { JsonRpcHandlerError } from "./errors.ts";
import { createServerRequestDispatcher } from "./server-requests.ts";
import { drainMicrotasks } from "./testing.ts";

/** Records every line the dispatcher writes, whatever the state: the dispatcher must gate its own answers. */
function recordingTransport(): { transport: Transport; lines: string[] } {
  const lines: string[] = [];
  const transport: Transport = {
    send: (line) => void lines.push(line),
    onMessage: () => {},
    close: () => {},
    isClosed: false,
    closed: new Promise<TransportClose>(() => {}),
  };
  return { transport, lines };
}

function setup() {
  const { transport, lines } = recordingTransport();
  const events: LifecycleEvent[] = [];
  const dispatcher = createServerRequestDispatcher({ transport, emit: (e) => events.push(e), peerName: "p" });
  return { dispatcher, lines, events };
}

describe("server-request dispatcher", () => {
  it("answers an unknown method with -32601 and reports it as unsupported", async () => {
    const { dispatcher, lines, events } = setup();
    dispatcher.dispatch(7, "x/y", {});
    await drainMicrotasks();
    expect(lines).toEqual(['{"id":7,"error":{"code":-32601,"message":"Unsupported server request: x/y"}}']);
    expect(events).toEqual([{ kind: "jsonrpc.server-request.unsupported", peer: "p", method: "x/y", id: 7 }]);
  });

  it("answers a handler failure with its code (or -32603) and reports it as failed", async () => {
    const { dispatcher, lines, events } = setup();
    dispatcher.register("a", () => {
      throw new JsonRpcHandlerError(-32602, "bad", { f: 1 });
    });
    dispatcher.register("b", () => Promise.reject(new Error("oops")));
    dispatcher.register("c", () => {
      throw "plain";
    });
    for (const [id, method] of [[1, "a"], [2, "b"], [3, "c"]] as const) {
      dispatcher.dispatch(id, method, {});
      await drainMicrotasks();
    }
    expect(lines).toEqual([
      '{"id":1,"error":{"code":-32602,"message":"bad","data":{"f":1}}}',
      '{"id":2,"error":{"code":-32603,"message":"oops"}}',
      '{"id":3,"error":{"code":-32603,"message":"plain"}}',
    ]);
    expect(events).toEqual([
      { kind: "jsonrpc.server-request.failed", peer: "p", method: "a", id: 1, code: -32602 },
      { kind: "jsonrpc.server-request.failed", peer: "p", method: "b", id: 2, code: -32603 },
      { kind: "jsonrpc.server-request.failed", peer: "p", method: "c", id: 3, code: -32603 },
    ]);
  });

  it("answers a handler that returns nothing with an empty result object", async () => {
    const { dispatcher, lines } = setup();
    dispatcher.register("void", () => undefined);
    dispatcher.dispatch("v", "void", undefined);
    await drainMicrotasks();
    expect(lines).toEqual(['{"id":"v","result":{}}']);
  });

  it("unregisters a handler, but not the one that replaced it", async () => {
    const { dispatcher, lines } = setup();
    const offFirst = dispatcher.register("m", () => "first");
    offFirst();
    dispatcher.dispatch(1, "m", {});
    await drainMicrotasks();
    const offSecond = dispatcher.register("m", () => "second");
    dispatcher.register("m", () => "third");
    offSecond();
    dispatcher.dispatch(2, "m", {});
    await drainMicrotasks();
    expect(lines).toEqual(['{"id":1,"error":{"code":-32601,"message":"Unsupported server request: m"}}', '{"id":2,"result":"third"}']);
  });

  it("drops answers that arrive after close", async () => {
    const { dispatcher, lines } = setup();
    let release!: (value: string) => void;
    dispatcher.register("slow", () => new Promise<string>((resolve) => (release = resolve)));
    dispatcher.register("failing", () => Promise.reject(new Error("late")));
    dispatcher.dispatch(1, "slow", {});
    await drainMicrotasks();
    dispatcher.close();
    release("done");
    dispatcher.dispatch(2, "failing", {});
    dispatcher.dispatch(3, "unknown", {});
    await drainMicrotasks();
    expect(lines).toEqual([]);
  });
});
