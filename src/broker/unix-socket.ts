/**
 * The process lane's downstream: a unix-socket server whose connections are JSONL Transports, and
 * the matching client connect. Closing the listener stops accepting and removes the socket file.
 */
import { unlink } from "node:fs/promises";
import { createConnection, createServer, type Socket } from "node:net";
import { createLineSplitter } from "../runtime/line-splitter.ts";
import { DEFAULT_MAX_LINE_CHARS } from "../runtime/stdio-transport.ts";
import type { Transport, TransportClose } from "../runtime/transport.ts";
import type { BrokerListener } from "./types.ts";

export interface SocketOptions {
  /** A longer incoming line closes the connection with `ELINETOOLONG` (default 16 MiB). */
  readonly maxLineChars?: number;
}

/** Wraps a connected socket as a line-delimited message Transport. */
export function socketTransport(socket: Socket, options: SocketOptions = {}): Transport {
  let handler: (message: string) => void = () => {};
  let isClosed = false;
  let settle!: (close: TransportClose) => void;
  const closed = new Promise<TransportClose>((resolve) => (settle = resolve));
  const finish = (close: TransportClose): void => {
    if (isClosed) return;
    isClosed = true;
    settle(close);
  };
  const splitter = createLineSplitter({
    maxLineChars: options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS,
    onLine: (line) => {
      if (!isClosed) handler(line);
    },
    onOverflow: (error) => {
      finish({ kind: "error", message: error.message, code: "ELINETOOLONG" });
      socket.destroy();
    },
  });
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => splitter.push(chunk));
  socket.on("end", () => splitter.end());
  socket.on("error", (error: Error & { code?: string }) => {
    finish(error.code === undefined ? { kind: "error", message: error.message } : { kind: "error", message: error.message, code: error.code });
  });
  socket.on("close", () => finish({ kind: "peer-closed" }));
  return {
    send(message) {
      if (!isClosed && socket.writable) socket.write(`${message}\n`);
    },
    onMessage(next) {
      handler = next;
    },
    close() {
      if (isClosed) return;
      finish({ kind: "local" });
      socket.end();
    },
    get isClosed() {
      return isClosed;
    },
    closed,
  };
}

async function removeSocketFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw error;
  }
}

/** Listens on `path` (a stale socket file from a dead broker is removed first). */
export async function listenUnixSocket(path: string, options: SocketOptions = {}): Promise<BrokerListener> {
  await removeSocketFile(path);
  const server = createServer();
  let handler: (connection: Transport) => void = (t) => t.close();
  server.on("connection", (socket) => handler(socketTransport(socket, options)));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    onConnection(next) {
      handler = next;
    },
    close() {
      closing ??= (async () => {
        server.close();
        await removeSocketFile(path);
      })();
      return closing;
    },
  };
}

/** Connects to a broker's unix socket. */
export function connectUnixSocket(path: string, options: SocketOptions = {}): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve(socketTransport(socket, options));
    });
  });
}
