/**
 * A FetchLike over node:http, for the fake binary's provider client: it sends exactly the headers
 * the request carries (the global fetch adds `accept-language`, `sec-fetch-mode` and
 * `accept-encoding`, which the real codex never sends) and streams the response body as it
 * arrives, so a stalled SSE stream stays open and the idle timeout is the turn engine's. A
 * connection that cannot be made rejects, as fetch does (the client turns that into a 0-status
 * error). Cancelling the body destroys the request. node:http (or node:https) is loaded on the
 * first request, so a process that never asks a model does not pay for it at start-up.
 */
import type { IncomingMessage } from "node:http";
import type { FetchLike } from "./port.ts";

function responseFrom(res: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const status = res.statusCode ?? 502;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      res.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
      res.on("end", () => controller.close());
      res.on("error", (error) => controller.error(error));
    },
    cancel() {
      res.destroy();
    },
  });
  // 204/304 and friends may not carry a body.
  return new Response(status === 204 || status === 304 ? null : body, { status, statusText: res.statusMessage ?? "", headers });
}

export const nodeHttpFetch: FetchLike = async (request) => {
  const url = new URL(request.url);
  const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (body !== undefined) headers["content-length"] = String(body.length);
  const { request: send } = url.protocol === "https:" ? await import("node:https") : await import("node:http");
  return new Promise<Response>((resolve, reject) => {
    const req = send(url, { method: request.method, headers }, (res) => resolve(responseFrom(res)));
    req.on("error", (error) => reject(new TypeError("fetch failed", { cause: error })));
    req.end(body);
  });
};
