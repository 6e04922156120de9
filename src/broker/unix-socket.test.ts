import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Transport } from "../runtime/transport.ts";
import { connectUnixSocket, listenUnixSocket } from "./unix-socket.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function socketPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "broker-sock-"));
  dirs.push(dir);
  return join(dir, "broker.sock");
}

function nextMessage(transport: Transport): Promise<string> {
  return new Promise((resolve) => transport.onMessage(resolve));
}

describe("unix socket listener", () => {
  it("carries one message per line in both directions", async () => {
    const path = socketPath();
    const listener = await listenUnixSocket(path);
    const accepted = new Promise<Transport>((resolve) => listener.onConnection(resolve));
    const client = await connectUnixSocket(path);
    const server = await accepted;
    const atServer = nextMessage(server);
    client.send('{"id":1,"method":"initialize"}');
    expect(await atServer).toBe('{"id":1,"method":"initialize"}');
    const atClient = nextMessage(client);
    server.send('{"id":1,"result":{}}');
    expect(await atClient).toBe('{"id":1,"result":{}}');
    client.close();
    await listener.close();
  });

  it("gives the client EOF when the server side closes, and removes the socket file on close", async () => {
    const path = socketPath();
    const listener = await listenUnixSocket(path);
    const accepted = new Promise<Transport>((resolve) => listener.onConnection(resolve));
    const client = await connectUnixSocket(path);
    (await accepted).close();
    expect(await client.closed).toEqual({ kind: "peer-closed" });
    expect(existsSync(path)).toBe(true);
    await listener.close();
    expect(existsSync(path)).toBe(false);
  });

  it("refuses to connect when nothing listens", async () => {
    await expect(connectUnixSocket(socketPath())).rejects.toMatchObject({ code: "ENOENT" });
  });
});
