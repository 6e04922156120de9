/**
 * The fake model API as msw request handlers for `POST …/v1/responses`, driven by the same model
 * script as the in-process scripted model. Faults modelled: a JSON error status (401 with the
 * OpenAI error body, or any other status), an SSE stream that stalls (stops sending, never closes),
 * a stream cut before `response.completed`, and delays before or between events. Delays come from
 * the world's clock, so in the deterministic lane virtual time decides when a stall is noticed.
 * Each turn is identified by the `x-fake-turn-id` header when the fake app-server sends it, else by
 * the request body (a tool output or an identical retry continues the previous turn).
 */
import { http, HttpResponse, type RequestHandler } from "msw";
import { sleep } from "../../src/runtime/clock.ts";
import { compileResponse, responseForCall, scriptedTurn, type CompiledResponse } from "../app-server/model.ts";
import { SCRIPT_DEFAULTS, type ModelScript } from "../app-server/script.ts";
import { validateModelScript } from "../app-server/validate-script.ts";
import type { FakeWorld } from "../world.ts";
import { sseFrame, wireEvent } from "./sse.ts";

export interface ModelApiRequestRecord {
  readonly turn: number;
  readonly call: number;
  readonly model: string;
  readonly status: number;
  /** Whether an Authorization header came with it (the token itself is never kept). */
  readonly authorized: boolean;
}

export interface ModelApiHandlers {
  readonly handlers: RequestHandler[];
  readonly requests: readonly ModelApiRequestRecord[];
}

interface TurnTracker {
  locate(headers: Headers, body: Record<string, unknown>): { turn: number; call: number };
}

function createTurnTracker(): TurnTracker {
  const byHeader = new Map<string, { turn: number; calls: number }>();
  let turns = 0;
  let last: { turn: number; calls: number; input: string } | undefined;
  return {
    locate(headers, body) {
      const header = headers.get("x-fake-turn-id");
      if (header !== null) {
        const seen = byHeader.get(header) ?? { turn: turns++, calls: 0 };
        byHeader.set(header, { turn: seen.turn, calls: seen.calls + 1 });
        return { turn: seen.turn, call: seen.calls };
      }
      const input = Array.isArray(body["input"]) ? (body["input"] as unknown[]) : [];
      const key = JSON.stringify(input);
      const lastItem = input.at(-1) as { type?: unknown } | undefined;
      const continues = last !== undefined && (key === last.input || lastItem?.type === "function_call_output");
      last = continues && last !== undefined ? { turn: last.turn, calls: last.calls + 1, input: key } : { turn: turns++, calls: 1, input: key };
      return { turn: last.turn, call: last.calls - 1 };
    },
  };
}

function sseBody(world: FakeWorld, compiled: CompiledResponse, model: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const queue = [...compiled.events];
  const outputIndex = new Map<string, number>();
  let responseId = "";
  let sent = 0;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const event = queue.shift();
      if (event === undefined) {
        if (compiled.end === "stall") await new Promise<never>(() => {});
        controller.close();
        return;
      }
      const gapMs = sent === 0 ? compiled.delayMs : compiled.eventDelayMs;
      if (gapMs > 0) await sleep(world.clock, gapMs, { label: "model api event gap" });
      if (cancelled) return;
      if (event.type === "created") responseId = event.responseId;
      if (event.type === "item.added") outputIndex.set(event.item.id, outputIndex.size);
      const itemId = event.type === "text.delta" ? event.itemId : event.type === "item.added" || event.type === "item.done" ? event.item.id : "";
      const data = wireEvent(event, { responseId, model, outputIndex: outputIndex.get(itemId) ?? 0 });
      sent++;
      if (data !== undefined) controller.enqueue(encoder.encode(sseFrame(data)));
    },
    cancel() {
      cancelled = true;
    },
  });
}

/** Handlers for `POST <any origin>/v1/responses` that play `script`. */
export function createModelApiHandlers(options: { world: FakeWorld; script?: ModelScript; label?: string }): ModelApiHandlers {
  if (options.script !== undefined) validateModelScript(options.script, "model script");
  const { world } = options;
  const random = world.random(options.label ?? "fake-model-api");
  const tracker = createTurnTracker();
  const requests: ModelApiRequestRecord[] = [];
  const handler = http.post("*/v1/responses", async ({ request }) => {
    const body = ((await request.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
    const { turn, call } = tracker.locate(request.headers, body);
    const model = typeof body["model"] === "string" ? body["model"] : SCRIPT_DEFAULTS.model;
    const compiled = compileResponse(responseForCall(scriptedTurn(options.script, turn), call), random);
    const first = compiled.events[0];
    const status = first?.type === "http-error" ? first.status : 200;
    const record = { turn, call, model, status, authorized: request.headers.has("authorization") };
    requests.push(record);
    world.emit({ kind: "modelapi.request", ...record });
    if (first?.type === "http-error") {
      if (compiled.delayMs > 0) await sleep(world.clock, compiled.delayMs, { label: "model api delay" });
      return HttpResponse.json(first.body, { status: first.status });
    }
    const headers = { "content-type": "text/event-stream", "cache-control": "no-cache" };
    return new HttpResponse(sseBody(world, compiled, model), { status: 200, headers });
  });
  return { handlers: [handler], requests };
}
