/**
 * ModelPort implementations that talk HTTP: in-process through msw's `getResponse` (no sockets;
 * the deterministic lane), or through `fetch` to a model API on loopback (the process lane).
 * Faults surfaced: error statuses (as `http-error` events with the body), stalls and cuts (the
 * event stream simply stops or ends), and unhandled requests, which fail loudly with a 501 that
 * names the method and URL and a `modelapi.unhandled` trace event.
 */
import { getResponse, type RequestHandler } from "msw";
import type { ModelEvent, ModelHttpErrorBody, ModelPort, ModelRequest } from "../app-server/model.ts";
import type { FakeWorld } from "../world.ts";
import { createSseParser, parseWireEvent } from "./sse.ts";

export type FetchLike = (request: Request) => Promise<Response>;

export interface HttpModelPortOptions {
  /** e.g. `http://127.0.0.1:8787/v1`; the port posts to `${baseUrl}/responses`. */
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  /** Sent as `Authorization: Bearer …`; never traced. */
  readonly apiKey?: string;
}

function requestFor(options: HttpModelPortOptions, request: ModelRequest): Request {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "text/event-stream",
    "x-fake-turn-id": request.turnId,
    "x-fake-call": String(request.call),
  };
  if (options.apiKey !== undefined) headers["authorization"] = `Bearer ${options.apiKey}`;
  const input =
    request.call === 0
      ? [{ type: "message", role: "user", content: [{ type: "input_text", text: request.input }] }]
      : [{ type: "function_call_output", call_id: `call-${request.call}`, output: request.input }];
  const body = { model: request.model, instructions: "", input, stream: true, store: false };
  return new Request(`${options.baseUrl}/responses`, { method: "POST", headers, body: JSON.stringify(body) });
}

async function errorBody(response: Response): Promise<ModelHttpErrorBody> {
  const text = await response.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as Partial<ModelHttpErrorBody>;
    if (parsed.error !== undefined && typeof parsed.error.message === "string") return parsed as ModelHttpErrorBody;
  } catch {
    // not JSON: fall through
  }
  return { error: { message: text || response.statusText, type: "http_error", code: null } };
}

/** The model events of one Responses-API HTTP answer: an `http-error` for a non-2xx status, else the parsed SSE stream. */
export async function* readModelEvents(response: Response): AsyncGenerator<ModelEvent> {
  if (response.status < 200 || response.status >= 300) {
    yield { type: "http-error", status: response.status, body: await errorBody(response) };
    return;
  }
  if (response.body === null) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser();
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      for (const data of parser.push(decoder.decode(chunk.value, { stream: true }))) {
        const event = parseWireEvent(data);
        if (event !== undefined) yield event;
      }
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
}

/** A model port over any fetch-like function. */
export function createHttpModelPort(options: HttpModelPortOptions): ModelPort {
  return {
    async *respond(request) {
      yield* readModelEvents(await options.fetch(requestFor(options, request)));
    },
  };
}

/** The deterministic-lane port: requests are resolved in-process by msw handlers. */
export function createMswModelPort(options: {
  readonly world: FakeWorld;
  readonly handlers: RequestHandler[];
  readonly baseUrl?: string;
  readonly apiKey?: string;
}): ModelPort {
  const fetchViaMsw: FetchLike = async (request) => {
    const response = await getResponse(options.handlers, request);
    if (response !== undefined) return response;
    options.world.emit({ kind: "modelapi.unhandled", method: request.method, url: request.url });
    const message = `fake model API: no handler for ${request.method} ${request.url}`;
    return Response.json({ error: { message, type: "fake_unhandled_request", code: null } }, { status: 501 });
  };
  const base = { baseUrl: options.baseUrl ?? "http://fake-model.local/v1", fetch: fetchViaMsw };
  return createHttpModelPort(options.apiKey === undefined ? base : { ...base, apiKey: options.apiKey });
}
