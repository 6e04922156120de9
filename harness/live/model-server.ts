/**
 * A loopback HTTP server for `POST /v1/responses` that answers from a ModelScript. It runs inside
 * the live lane's network namespace, next to the real binary. Unhandled requests fail loudly
 * (a 501 naming the method and path) and are logged, so a surprise call shows up in the evidence.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pickReply, type ModelReply, type ModelScript } from "./model-script.ts";
import { frameSse, streamHead, streamTail, textDelta } from "./sse.ts";

export interface ModelRequestLog {
  readonly method: string;
  readonly path: string;
  /** sha256 of the Authorization header (never the header itself), or null when absent. */
  readonly authSha256: string | null;
  readonly bodyChars: number;
  readonly reply: ModelReply["kind"] | "unhandled";
  readonly remoteAddress: string;
}

export interface ModelServer {
  readonly port: number;
  readonly baseUrl: string;
  readonly requests: readonly ModelRequestLog[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function answer(res: ServerResponse, reply: ModelReply, n: number): void {
  if (reply.kind === "http-error") {
    res.writeHead(reply.status, { "content-type": "application/json" });
    res.end(JSON.stringify(reply.body));
    return;
  }
  const responseId = `resp_${n}`;
  const itemId = `msg_${n}`;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const event of streamHead(responseId, itemId)) res.write(frameSse(event));
  for (const delta of reply.deltas) res.write(frameSse(textDelta(itemId, delta)));
  if (reply.kind === "stall") return; // hold the stream open: the client's idle timeout decides
  for (const event of streamTail({ responseId, itemId, text: reply.deltas.join(""), phase: reply.phase })) {
    res.write(frameSse(event));
  }
  res.end();
}

export async function startModelServer(options: {
  script: ModelScript;
  host?: string;
  onRequest?: (log: ModelRequestLog) => void;
}): Promise<ModelServer> {
  const requests: ModelRequestLog[] = [];
  let served = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = (req.url ?? "").split("?")[0] ?? "";
      const auth = req.headers.authorization;
      const reply = req.method === "POST" && path.endsWith("/responses") ? pickReply(options.script, body) : undefined;
      const log: ModelRequestLog = {
        method: req.method ?? "?",
        path,
        authSha256: auth === undefined ? null : createHash("sha256").update(auth).digest("hex"),
        bodyChars: body.length,
        reply: reply?.kind ?? "unhandled",
        remoteAddress: req.socket.remoteAddress ?? "?",
      };
      requests.push(log);
      options.onRequest?.(log);
      if (reply === undefined) {
        res.writeHead(501, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `fake model API: unhandled ${log.method} ${path}` } }));
        return;
      }
      served++;
      answer(res, reply, served);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
