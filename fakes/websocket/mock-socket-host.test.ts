import { afterEach, describe, expect, it } from "vitest";
import type { WebSocketLike } from "../../src/runtime/websocket.ts";
import { createManualWorld, type ManualWorld } from "./manual-world.testkit.ts";
import { createMockSocketHost, type MockSocketHost } from "./mock-socket-host.ts";
import type { ServerConnection } from "./types.ts";
import { installVirtualTimers } from "./virtual-timers.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function stage(accept: (attempt: number) => boolean = () => true): { world: ManualWorld; host: MockSocketHost; connections: ServerConnection[] } {
  const world = createManualWorld();
  cleanups.push(installVirtualTimers(world.clock));
  const connections: ServerConnection[] = [];
  const host = createMockSocketHost(world, { accept, onConnection: (c) => void connections.push(c) });
  cleanups.push(() => host.stop());
  return { world, host, connections };
}

function record(socket: WebSocketLike): string[] {
  const log: string[] = [];
  socket.addEventListener("open", () => log.push("open"));
  socket.addEventListener("message", (e) => log.push(`message ${String(e.data)}`));
  socket.addEventListener("error", () => log.push("error"));
  socket.addEventListener("close", (e) => log.push(`close ${e.code} clean=${e.wasClean}`));
  return log;
}

describe("createMockSocketHost", () => {
  it("opens after mock-socket's 4 ms delay on virtual time and carries frames both ways in order", async () => {
    const { world, host, connections } = stage();
    const socket = host.factory(host.url, {});
    const log = record(socket);
    await world.settle();
    expect(log).toEqual(["open"]);
    expect(world.clock.nowMs()).toBe(4);
    const received: string[] = [];
    connections[0]!.onMessage((f) => received.push(f));

    socket.send("one");
    socket.send("two");
    connections[0]!.send("a");
    connections[0]!.send("b");
    await world.settle();

    expect(received).toEqual(["one", "two"]);
    expect(log).toEqual(["open", "message a", "message b"]);
  });

  it("reports a refused connection as error then close 1006 unclean, not mock-socket's 1000", async () => {
    const { world, host, connections } = stage(() => false);
    const socket = host.factory(host.url, {});
    const log = record(socket);

    await world.settle();

    expect(log).toEqual(["error", "close 1006 clean=false"]);
    expect(connections).toHaveLength(0);
  });

  it("closes abnormally with 1006 unclean after the frames already in flight", async () => {
    const { world, host, connections } = stage();
    const socket = host.factory(host.url, {});
    const log = record(socket);
    await world.settle();
    const serverSaw: number[] = [];
    connections[0]!.onClose(({ code }) => serverSaw.push(code));

    connections[0]!.send("last words");
    connections[0]!.close({ code: 1006 });
    connections[0]!.send("dropped");
    await world.settle();

    expect(log).toEqual(["open", "message last words", "close 1006 clean=false"]);
    expect(serverSaw).toEqual([1006]);
    expect(socket.readyState).toBe(3);
  });

  it("follows an error without a close event (mock-socket's simulate) with close 1006 unclean", async () => {
    const { world, host } = stage();
    const socket = host.factory(host.url, {});
    const log = record(socket);
    await world.settle();

    host.simulateError();
    await world.settle();

    expect(log).toEqual(["open", "error", "close 1006 clean=false"]);
  });

  it("gives each run's host the same URL once the previous host stopped", async () => {
    const first = stage();
    const url = first.host.url;
    await first.host.stop();
    await first.host.stop();

    const second = createMockSocketHost(first.world, { accept: () => true, onConnection: () => {} });
    cleanups.push(() => second.stop());

    expect(second.url).toBe(url);
  });
});
