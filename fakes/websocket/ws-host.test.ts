import { afterEach, describe, expect, it } from "vitest";
import { createRealClock } from "../../src/runtime/real-clock.ts";
import type { WebSocketLike } from "../../src/runtime/websocket.ts";
import type { FakeWorld } from "../world.ts";
import type { ServerConnection, WsHost } from "./types.ts";
import { createWsLoopbackHost } from "./ws-host.ts";

const realWorld: FakeWorld = {
  clock: createRealClock(),
  random: () => ({ nextU32: () => 0, nextInt: () => 0 }),
  post: (_channel, _label, deliver) => queueMicrotask(deliver),
  emit: () => {},
};

const hosts: WsHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

async function listen(accept: (attempt: number) => boolean = () => true): Promise<{ host: WsHost; next: () => Promise<ServerConnection> }> {
  const waiting: Array<(c: ServerConnection) => void> = [];
  const arrived: ServerConnection[] = [];
  const host = await createWsLoopbackHost(realWorld, {
    accept,
    onConnection: (c) => {
      const w = waiting.shift();
      if (w === undefined) arrived.push(c);
      else w(c);
    },
  });
  hosts.push(host);
  const next = (): Promise<ServerConnection> => {
    const ready = arrived.shift();
    return ready !== undefined ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
  };
  return { host, next };
}

function closeOf(socket: WebSocketLike): Promise<{ code: number; wasClean: boolean }> {
  return new Promise((resolve) => socket.addEventListener("close", (e) => resolve({ code: e.code, wasClean: e.wasClean })));
}

describe("createWsLoopbackHost", () => {
  it("listens on 127.0.0.1 only and carries text frames both ways", async () => {
    const { host, next } = await listen();
    expect(host.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const socket = host.factory(host.url, {});
    const connection = await next();
    const fromClient = new Promise<string>((resolve) => connection.onMessage(resolve));
    const fromServer = new Promise<unknown>((resolve) => socket.addEventListener("message", (e) => resolve(e.data)));
    await new Promise<void>((resolve) => socket.addEventListener("open", resolve));

    socket.send("ping");
    connection.send("pong");

    expect(await fromClient).toBe("ping");
    expect(await fromServer).toBe("pong");
    socket.close();
  });

  it("refuses a scripted attempt: the client sees close 1006 unclean", async () => {
    const { host } = await listen(() => false);
    const socket = host.factory(host.url, {});
    socket.addEventListener("error", () => {});

    expect(await closeOf(socket)).toEqual({ code: 1006, wasClean: false });
  });

  it("closes abnormally (1006, unclean) by dropping the TCP connection", async () => {
    const { host, next } = await listen();
    const socket = host.factory(host.url, {});
    const connection = await next();
    const closed = closeOf(socket);

    connection.close({ code: 1006 });

    expect(await closed).toEqual({ code: 1006, wasClean: false });
  });
});
