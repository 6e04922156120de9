import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Transport } from "../runtime/transport.ts";
import { connectUnixSocket, listenUnixSocket, socketTransport } from "./unix-socket.ts";

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

  it("removes a stale socket file left by a dead broker before listening", async () => {
    const path = socketPath();
    writeFileSync(path, "");
    const listener = await listenUnixSocket(path);
    const client = await connectUnixSocket(path);
    client.close();
    await listener.close();
  });

  it("fails to listen when the old socket path cannot be removed, or its folder does not exist", async () => {
    const path = socketPath();
    mkdirSync(path);
    await expect(listenUnixSocket(path)).rejects.toMatchObject({ code: "EISDIR" });
    await expect(listenUnixSocket(join(path, "missing", "broker.sock"))).rejects.toMatchObject({ syscall: "listen" });
  });

  it("delivers nothing that arrives after the local side closed", async () => {
    const path = socketPath();
    const listener = await listenUnixSocket(path);
    const accepted = new Promise<Transport>((resolve) => listener.onConnection(resolve));
    const client = await connectUnixSocket(path);
    const server = await accepted;
    const seen: string[] = [];
    server.onMessage((line) => seen.push(line));
    client.send("before");
    await until(() => seen.length === 1);
    server.close();
    expect(await server.closed).toEqual({ kind: "local" });
    client.send("after");
    client.send("");
    expect(await client.closed).toEqual({ kind: "peer-closed" });
    expect(seen).toEqual(["before"]);
    await listener.close();
  });

  it("delivers a final line the peer ends without a newline", async () => {
    const path = socketPath();
    const listener = await listenUnixSocket(path);
    const accepted = new Promise<Transport>((resolve) => listener.onConnection(resolve));
    const raw = createConnection(path);
    const server = await accepted;
    const seen: string[] = [];
    server.onMessage((line) => seen.push(line));
    raw.end('{"id":1}\n{"id":2}');
    expect(await server.closed).toEqual({ kind: "peer-closed" });
    expect(seen).toEqual(['{"id":1}', '{"id":2}']);
    await listener.close();
  });

  it("closes a connection whose incoming line is over the limit, and delivers none of it", async () => {
    const path = socketPath();
    const listener = await listenUnixSocket(path, { maxLineChars: 64 });
    const accepted = new Promise<Transport>((resolve) => listener.onConnection(resolve));
    const client = await connectUnixSocket(path);
    const server = await accepted;
    const seen: string[] = [];
    server.onMessage((line) => seen.push(line));
    client.send("x".repeat(64));
    await until(() => seen.length === 1);
    client.send("y".repeat(65));
    expect(await server.closed).toEqual({ kind: "error", message: "incoming line exceeds 64 characters", code: "ELINETOOLONG" });
    expect(server.isClosed).toBe(true);
    expect(await client.closed).toEqual({ kind: "peer-closed" });
    expect(seen).toEqual(["x".repeat(64)]);
    await listener.close();
  });

  it("closes with the socket's error, and its code when it has one, not as a plain peer close", async () => {
    const reset = new Socket();
    const withCode = socketTransport(reset);
    reset.destroy(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    expect(await withCode.closed).toEqual({ kind: "error", message: "read ECONNRESET", code: "ECONNRESET" });
    expect(withCode.isClosed).toBe(true);

    const broken = new Socket();
    const withoutCode = socketTransport(broken);
    broken.destroy(new Error("broken pipe"));
    expect(await withoutCode.closed).toStrictEqual({ kind: "error", message: "broken pipe" });
  });
});

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 1));
}
