/**
 * Serves msw handlers on a real loopback port (node:http on 127.0.0.1:0) for real processes: the
 * fake-codex binary in the process lane, or the real `codex app-server` in the live lane. Each
 * request becomes a fetch Request resolved with msw's `getResponse`; the response body is streamed
 * chunk by chunk, so a stalled SSE stream stays open and a cut one ends early. Unhandled requests
 * fail loudly (501 naming method and path). A client that disconnects cancels its stream. Each
 * request can be logged with the sha256 of its Authorization header, never the header itself,
 * and with its shape (./request-shape.ts: header names, body fields).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, type RequestHandler } from "msw";
import type { EventSink } from "../../src/runtime/events.ts";
import { modelRequestShape, type ModelRequestShape } from "./request-shape.ts";

export interface ModelApiServer {
  /** `http://127.0.0.1:<port>/v1` — the base URL for a model provider. */
  readonly baseUrl: string;
  readonly port: number;
  /** Stops listening and drops open connections (stalled streams included). Safe to call twice. */
  close(): Promise<void>;
}

/** One request as the server saw it: enough to prove where it came from, nothing secret. */
export interface ModelApiRequestLog {
  readonly method: string;
  readonly path: string;
  /** sha256 (hex) of the Authorization header, or null when absent; the header itself is never kept. */
  readonly authSha256: string | null;
  readonly bodyBytes: number;
  /** The status the server answered with (200 for a stream, stalled or not). */
  readonly status: number;
  readonly remoteAddress: string;
  /** Header names, body fields and the values a model server acts on (never a header value). */
  readonly shape: ModelRequestShape;
}

function logFor(req: IncomingMessage, body: Buffer, status: number): ModelApiRequestLog {
  const auth = req.headers.authorization;
  const bodyBytes = body.length;
  return {
    method: req.method ?? "?",
    path: (req.url ?? "").split("?")[0] ?? "",
    authSha256: auth === undefined ? null : createHash("sha256").update(auth).digest("hex"),
    bodyBytes,
    status,
    remoteAddress: req.socket.remoteAddress ?? "?",
    shape: modelRequestShape(req.headers, body),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function toRequest(req: IncomingMessage, body: Buffer, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? "GET";
  const init: RequestInit = { method, headers };
  if (method !== "GET" && method !== "HEAD" && body.length > 0) init.body = body;
  return new Request(new URL(req.url ?? "/", origin), init);
}

async function send(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
  res.flushHeaders();
  if (response.body === null) return void res.end();
  const reader = response.body.getReader();
  req.socket.once("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    res.write(chunk.value);
  }
  res.end();
}

export async function startModelApiServer(options: {
  readonly handlers: RequestHandler[];
  readonly host?: string;
  readonly port?: number;
  readonly emit?: EventSink;
  /** Called once per request, when its status is known (before any body byte is sent). */
  readonly onRequest?: (log: ModelApiRequestLog) => void;
}): Promise<ModelApiServer> {
  const host = options.host ?? "127.0.0.1";
  let origin = "";
  const server = createServer((req, res) => {
    void (async () => {
      let body: Buffer = Buffer.alloc(0);
      try {
        body = await readBody(req);
        const request = toRequest(req, body, origin);
        const response = await getResponse(options.handlers, request);
        if (response !== undefined) {
          options.onRequest?.(logFor(req, body, response.status));
          return await send(response, req, res);
        }
        options.onRequest?.(logFor(req, body, 501));
        const url = new URL(request.url);
        options.emit?.({ kind: "modelapi.unhandled", method: request.method, url: url.pathname });
        const message = `fake model API: no handler for ${request.method} ${url.pathname}`;
        res.writeHead(501, { "content-type": "application/json" }).end(JSON.stringify({ error: { message, type: "fake_unhandled_request", code: null } }));
      } catch (error) {
        if (!res.headersSent) {
          options.onRequest?.(logFor(req, body, 500));
          res.writeHead(500, { "content-type": "application/json" });
        }
        res.end(JSON.stringify({ error: { message: `fake model API failed: ${error instanceof Error ? error.message : String(error)}`, type: "fake_error", code: null } }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `${origin}/v1`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
