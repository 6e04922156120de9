/**
 * Serves msw handlers on a real loopback port (node:http on 127.0.0.1:0) for real processes: the
 * fake-codex binary in the process lane, or the real `codex app-server` in the live lane. Each
 * request becomes a fetch Request resolved with msw's `getResponse`; the response body is streamed
 * chunk by chunk, so a stalled SSE stream stays open and a cut one ends early. Unhandled requests
 * fail loudly (501 naming method and path). A client that disconnects cancels its stream.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, type RequestHandler } from "msw";
import type { EventSink } from "../../src/runtime/events.ts";

export interface ModelApiServer {
  /** `http://127.0.0.1:<port>/v1` — the base URL for a model provider. */
  readonly baseUrl: string;
  readonly port: number;
  /** Stops listening and drops open connections (stalled streams included). Safe to call twice. */
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? "GET";
  const init: RequestInit = { method, headers };
  if (method !== "GET" && method !== "HEAD" && chunks.length > 0) init.body = Buffer.concat(chunks);
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
}): Promise<ModelApiServer> {
  const host = options.host ?? "127.0.0.1";
  let origin = "";
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const request = await toRequest(req, origin);
        const response = await getResponse(options.handlers, request);
        if (response !== undefined) return await send(response, req, res);
        const url = new URL(request.url);
        options.emit?.({ kind: "modelapi.unhandled", method: request.method, url: url.pathname });
        const message = `fake model API: no handler for ${request.method} ${url.pathname}`;
        res.writeHead(501, { "content-type": "application/json" }).end(JSON.stringify({ error: { message, type: "fake_unhandled_request", code: null } }));
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
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
